package clel.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.nn.Convolution;
import clel.nn.MemoryLayout;
import java.util.function.Supplier;

/**
 * The FP32 throughput libtorch reaches on this machine through DJL, as a yardstick for {@code clel bench}: a
 * 1024 x 1024 matrix product, and a 3x3 convolution (batch 32, 64 to 64 channels, 32 x 32) in the contiguous and the
 * channels-last layout. Each is the best of 20 timed runs after 5 warm-up runs, in GFLOP/s (one multiply-accumulate
 * = 2 FLOP).
 *
 * @param matmul                  GFLOP/s of the matrix product
 * @param convolution             GFLOP/s of the convolution forward, contiguous (NCHW)
 * @param convolutionChannelsLast GFLOP/s of the same convolution on channels-last input
 */
record PeakThroughput(double matmul, double convolution, double convolutionChannelsLast) {
    private static final int WARM_UP = 5;
    private static final int TIMED = 20;

    static PeakThroughput measure(NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            int n = 1024;
            NDArray a = m.randomUniform(-1f, 1f, new Shape(n, n));
            NDArray b = m.randomUniform(-1f, 1f, new Shape(n, n));
            double matmul = 2.0 * n * n * n / best(() -> a.matMul(b));

            long batch = 32;
            long channels = 64;
            long side = 32;
            NDArray x = m.randomUniform(0f, 1f, new Shape(batch, channels, side, side));
            NDArray w = m.randomUniform(-0.1f, 0.1f, new Shape(channels, channels, 3, 3));
            NDArray xLast = MemoryLayout.channelsLast(x);
            double flop = 2.0 * batch * channels * channels * 9 * side * side;
            double conv = flop / best(() -> convolve(x, w));
            double convLast = flop / best(() -> convolve(xLast, w));
            return new PeakThroughput(matmul, conv, convLast);
        }
    }

    private static NDArray convolve(NDArray x, NDArray w) {
        return Convolution.apply(x, w, null, 1, 1).singletonOrThrow();
    }

    /** The shortest time of one run, in nanoseconds (so FLOP / ns = GFLOP/s). */
    private static double best(Supplier<NDArray> op) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < WARM_UP + TIMED; i++) {
            long t0 = System.nanoTime();
            NDArray r = op.get();
            // (libtorch runs CPU operations synchronously: the result is complete when op returns)
            long elapsed = System.nanoTime() - t0;
            r.close();
            if (i >= WARM_UP) {
                best = Math.min(best, elapsed);
            }
        }
        return best;
    }
}
