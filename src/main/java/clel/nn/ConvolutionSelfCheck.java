package clel.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs traced convolutions ({@link ConvolutionTrace}) several times on the same inputs, forward and backward, and
 * checks that the output, the input gradient and the weight gradient are finite and bit-identical from run to run.
 * A host whose kernels fail this (as libtorch's oneDNN backward-data kernel did for narrow 3x3 convolutions on
 * AVX-512, see {@link Convolution}) would train to NaN, or differently each time.
 *
 * <p>The inputs are the traced copies; the output gradient comes from a fixed Java random stream, so a check draws
 * nothing from the engine's random generator and leaves a seeded run unchanged.
 */
public final class ConvolutionSelfCheck {
    /** Runs per convolution. */
    public static final int RUNS = 3;

    /** The convolution under test: {@link Convolution#apply} in production, a stand-in in tests. */
    @FunctionalInterface
    public interface Kernel {
        /** (B, in, H, W), (out, in, k, k) to (B, out, H', W'), in x's manager. */
        NDArray apply(NDArray x, NDArray w, int stride, int padding);
    }

    /**
     * What one traced convolution gave.
     *
     * @param convolution the call
     * @param nonFinite   runs in which the output or a gradient held NaN or infinity
     * @param differing   runs (after the first) whose output or gradients differed from the first run's in any bit
     * @param millis      wall time of all runs
     */
    public record Outcome(TracedConvolution convolution, int nonFinite, int differing, double millis) {
        public boolean ok() {
            return nonFinite == 0 && differing == 0;
        }

        /** For example "f: 3x3 stride 1, 4 -> 4 channels, input 4x4x32x32: NaN or infinity in 3 of 3 runs". */
        public String describe() {
            List<String> what = new ArrayList<>();
            if (nonFinite > 0) {
                what.add("NaN or infinity in " + nonFinite + " of " + RUNS + " runs");
            }
            if (differing > 0) {
                what.add("results differ between runs (" + differing + " of " + (RUNS - 1) + " repeats)");
            }
            return convolution.describe() + ": " + (what.isEmpty() ? "finite and identical in " + RUNS + " runs"
                    : String.join(", ", what));
        }
    }

    private ConvolutionSelfCheck() {
    }

    /** {@link #check(List, Kernel)} with the project's convolution. */
    public static List<Outcome> check(List<TracedConvolution> convolutions) {
        return check(convolutions, (x, w, s, p) -> Convolution.apply(x, w, null, s, p).singletonOrThrow());
    }

    /** Each convolution {@link #RUNS} times through {@code kernel}; one outcome per convolution, in order. */
    public static List<Outcome> check(List<TracedConvolution> convolutions, Kernel kernel) {
        List<Outcome> outcomes = new ArrayList<>();
        for (TracedConvolution c : convolutions) {
            outcomes.add(check(c, kernel));
        }
        return outcomes;
    }

    private static Outcome check(TracedConvolution c, Kernel kernel) {
        long t0 = System.nanoTime();
        int nonFinite = 0;
        int differing = 0;
        float[][] first = null;
        try (NDManager scope = c.input().getManager().newSubManager()) {
            NDArray outputGradient = null;
            for (int run = 0; run < RUNS; run++) {
                float[][] result;
                try (NDManager m = scope.newSubManager()) {
                    NDArray x = c.input().duplicate();
                    NDArray w = c.weight().duplicate();
                    x.attach(m);
                    w.attach(m);
                    x.setRequiresGradient(true);
                    w.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = kernel.apply(x, w, c.stride(), c.padding());
                        if (outputGradient == null) {
                            outputGradient = fixedNormal(scope, y.getShape().size()).reshape(y.getShape());
                        }
                        gc.backward(y.mul(outputGradient).sum());
                        result = new float[][] {y.toFloatArray(), x.getGradient().toFloatArray(),
                                w.getGradient().toFloatArray()};
                    }
                }
                if (!allFinite(result)) {
                    nonFinite++;
                }
                if (first == null) {
                    first = result;
                } else if (!Arrays.deepEquals(first, result)) {
                    differing++;
                }
            }
        }
        return new Outcome(c, nonFinite, differing, (System.nanoTime() - t0) / 1e6);
    }

    /** Standard normal values from a fixed Java stream, copied into torch-owned memory (it enters the graph). */
    private static NDArray fixedNormal(NDManager m, long n) {
        SplittableRandom rng = new SplittableRandom(n);
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble()));
        }
        try (NDArray fromJava = m.create(v)) {
            return fromJava.duplicate();
        }
    }

    private static boolean allFinite(float[][] arrays) {
        for (float[] a : arrays) {
            for (float v : a) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
