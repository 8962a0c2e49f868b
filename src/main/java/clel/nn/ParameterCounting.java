package clel.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Counts the trainable values of a block: weights, biases and BatchNorm scale/shift; buffers excluded. */
public final class ParameterCounting {
    private ParameterCounting() {
    }

    /** True for parameters an optimizer updates; false for running statistics and power-iteration vectors. */
    public static boolean isTrainable(Parameter p) {
        return switch (p.getType()) {
            case WEIGHT, BIAS, GAMMA, BETA -> true;
            default -> false;
        };
    }

    public static long trainable(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (isTrainable(p.getValue())) {
                n += p.getValue().getShape().size();
            }
        }
        return n;
    }
}
