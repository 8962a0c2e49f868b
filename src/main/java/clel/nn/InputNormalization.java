package clel.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * (x - mean) / std per channel, the data set statistics the public code normalizes inside its networks.
 * Input and output (B, C, H, W); the result belongs to the input's manager.
 */
public final class InputNormalization {
    private final float[] mean;
    private final float[] std;

    public InputNormalization(float[] mean, float[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std lengths differ: " + mean.length + " vs " + std.length);
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    public NDArray apply(NDArray x) {
        Shape s = new Shape(1, mean.length, 1, 1);
        // torch-owned copies: the division's backward keeps sd (see GraphSafe)
        try (NDArray m = GraphSafe.constant(x.getManager(), mean, s).toDevice(x.getDevice(), false);
             NDArray sd = GraphSafe.constant(x.getManager(), std, s).toDevice(x.getDevice(), false);
             NDArray centred = x.sub(m)) {
            return centred.div(sd);
        }
    }
}
