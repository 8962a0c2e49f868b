package clel.sampling;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import clel.nn.Backward;
import clel.nn.FrozenParameters;

import java.util.function.Function;

/**
 * grad_x sum_i E(x_i) for a batch, with the networks' parameters frozen (no weight gradient is computed).
 * Only one GradientCollector may be open at a time: call it outside any training collector.
 */
public final class InputGradient {
    private InputGradient() {
    }

    /**
     * @param energy maps x (B, C, H, W) to per-sample energies (B)
     * @param x      the point, (B, C, H, W); not modified
     * @param blocks the networks whose parameters {@code energy} uses
     * @return {energy values (B) detached, gradient (B, C, H, W)}, both in the manager of {@code x}
     */
    public static NDArray[] compute(Function<NDArray, NDArray> energy, NDArray x, Block... blocks) {
        NDManager out = x.getManager();
        try (NDManager scope = out.newSubManager(); FrozenParameters ignored = FrozenParameters.of(blocks)) {
            NDArray xg = x.duplicate();
            xg.attach(scope);
            xg.setRequiresGradient(true);
            NDArray e;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                e = energy.apply(xg);
                try (NDArray total = e.sum()) {
                    Backward.run(gc, total);
                }
            }
            NDArray grad = xg.getGradient().duplicate();
            NDArray values = e.stopGradient();
            grad.attach(out);
            values.attach(out);
            return new NDArray[] {values, grad};
        }
    }
}
