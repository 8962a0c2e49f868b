package clel.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.nn.ParameterCounting;
import java.util.List;

/**
 * Keeps a copy network's weights at ema = decay * ema + (1 - decay) * live (decay from
 * {@link Schedules#emaDecay}); buffers (BatchNorm statistics, power-iteration vectors) are copied, not averaged,
 * as in the public code. Both blocks must have the same architecture.
 */
public final class ExponentialMovingAverage {
    private ExponentialMovingAverage() {
    }

    public static void update(Block ema, Block live, double decay) {
        List<Pair<String, Parameter>> e = ema.getParameters().stream().toList();
        List<Pair<String, Parameter>> l = live.getParameters().stream().toList();
        if (e.size() != l.size()) {
            throw new IllegalArgumentException("EMA and live networks differ in architecture");
        }
        for (int i = 0; i < e.size(); i++) {
            NDArray target = e.get(i).getValue().getArray();
            NDArray source = l.get(i).getValue().getArray();
            if (decay == 0.0 || !ParameterCounting.isTrainable(l.get(i).getValue())) {
                target.set(new NDIndex("..."), source);
            } else {
                try (NDArray scaled = source.mul((float) (1 - decay))) {
                    target.muli((float) decay).addi(scaled);
                }
            }
        }
    }
}
