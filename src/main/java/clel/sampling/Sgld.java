package clel.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import clel.config.SamplerConfig;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stochastic gradient Langevin dynamics in the public code's form of eq. (4):
 * x &lt;- clamp(x - stepSize * clip(grad_x E(x)) + noise * N(0, I), 0, 1), repeated {@code steps} times.
 * Only input gradients are computed (parameters frozen; see {@link InputGradient}). Images (B, C, H, W).
 */
public final class Sgld {
    private final float stepSize;
    private final float noise;
    private final Float gradClip;

    /**
     * @param stepSize multiplier of the energy gradient (public code 100)
     * @param noise    std of the Gaussian noise added each step (public code 0.001)
     * @param gradClip clamp of each gradient entry to [-clip, clip], or null for none
     */
    public Sgld(float stepSize, float noise, Float gradClip) {
        if (!(stepSize > 0) || !(noise >= 0) || (gradClip != null && !(gradClip > 0))) {
            throw new IllegalArgumentException("SGLD needs step size > 0, noise >= 0 and clip > 0 or none; got "
                    + stepSize + ", " + noise + ", " + gradClip);
        }
        this.stepSize = stepSize;
        this.noise = noise;
        this.gradClip = gradClip;
    }

    /**
     * The tensors of one SGLD step, valid only while the step's callback runs (they must not be modified or closed).
     *
     * @param index    0-based step index
     * @param x        the point the step starts from (B, C, H, W)
     * @param energies the energies E(x) (B) the step differentiated
     * @param grad     grad_x sum E(x), after the optional clip
     * @param noise    the Gaussian noise added (null when noise is 0)
     * @param next     the step's result, clamped to [0, 1]
     */
    public record Step(int index, NDArray x, NDArray energies, NDArray grad, NDArray noise, NDArray next) {
    }

    private static final Consumer<Step> SILENT = step -> { };

    /**
     * SGLD with a run's settings.
     *
     * @param c the sampler section of a configuration: step size, noise, gradient clip
     * @return the sampler
     */
    public static Sgld of(SamplerConfig c) {
        return new Sgld((float) c.stepSize(), (float) c.noise(), c.gradClip() == null ? null : c.gradClip().floatValue());
    }

    /**
     * One SGLD step.
     *
     * @param energy per-sample energies (B) of a batch
     * @param x      current images (B, C, H, W), not modified
     * @param nets   the networks {@code energy} uses (their parameters are frozen during the step)
     * @return the next images, in x's manager
     */
    public NDArray step(Function<NDArray, NDArray> energy, NDArray x, Block... nets) {
        return step(energy, x, 0, SILENT, nets);
    }

    private NDArray step(Function<NDArray, NDArray> energy, NDArray x, int index, Consumer<Step> eachStep, Block... nets) {
        NDManager out = x.getManager();
        try (NDManager scope = out.newSubManager()) {
            NDArray[] eg = InputGradient.compute(energy, x, nets);
            eg[0].attach(scope);
            eg[1].attach(scope);
            NDArray grad = gradClip == null ? eg[1] : eg[1].clip(-gradClip, gradClip);
            NDArray next = x.sub(grad.mul(stepSize));
            next.attach(scope);
            NDArray eps = null;
            if (noise > 0) {
                eps = scope.randomNormal(0f, noise, x.getShape(), x.getDataType(), x.getDevice());
                next = next.add(eps);
            }
            NDArray clamped = next.clip(0f, 1f);
            eachStep.accept(new Step(index, x, eg[0], grad, eps, clamped));
            clamped.attach(out);
            return clamped;
        }
    }

    /**
     * {@code steps} SGLD steps from x0 (not modified); memory stays flat (each step's temporaries are freed).
     *
     * @param energy per-sample energies (B) of a batch
     * @param x0     the starting images (B, C, H, W)
     * @param steps  the number of steps
     * @param nets   the networks {@code energy} uses (their parameters are frozen during the steps)
     * @return the final images, in x0's manager
     */
    public NDArray run(Function<NDArray, NDArray> energy, NDArray x0, int steps, Block... nets) {
        return run(energy, x0, steps, SILENT, nets);
    }

    /**
     * As {@link #run(Function, NDArray, int, Block...)}, showing every step's tensors to {@code eachStep} (e.g. for a
     * differential test).
     *
     * @param energy   per-sample energies (B) of a batch
     * @param x0       the starting images (B, C, H, W)
     * @param steps    the number of steps
     * @param eachStep sees every step's tensors
     * @param nets     the networks {@code energy} uses (their parameters are frozen during the steps)
     * @return the final images, in x0's manager
     */
    public NDArray run(Function<NDArray, NDArray> energy, NDArray x0, int steps, Consumer<Step> eachStep, Block... nets) {
        NDArray x = x0;
        for (int i = 0; i < steps; i++) {
            NDArray next = step(energy, x, i, eachStep, nets);
            if (x != x0) {
                x.close();
            }
            x = next;
        }
        return x == x0 ? x0.duplicate() : x;
    }
}
