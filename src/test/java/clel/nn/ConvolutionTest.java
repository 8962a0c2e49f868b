package clel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Convolution}: the channel-padded route equals the convolution computed in double-precision loops, forward and
 * backward (input, weight and bias gradients), on contiguous and channels-last input; this holds on any host, whichever
 * kernels it has. The routing rule, and that a padded call leaves nothing in the parameters' manager.
 */
class ConvolutionTest {
    private static final double TOLERANCE = 2e-5;

    @Test
    void routesExactlyTheNarrowConvolutionsLargerThanOneByOne() {
        assertTrue(Convolution.needsChannelPadding(4, 3));
        assertTrue(Convolution.needsChannelPadding(1, 3));
        assertTrue(Convolution.needsChannelPadding(17, 3));
        assertTrue(Convolution.needsChannelPadding(40, 5));
        assertFalse(Convolution.needsChannelPadding(16, 3));
        assertFalse(Convolution.needsChannelPadding(32, 3));
        assertFalse(Convolution.needsChannelPadding(256, 3));
        assertFalse(Convolution.needsChannelPadding(4, 1));
    }

    @Test
    void paddedEqualsTheDefinitionForwardAndBackward() {
        // (batch, in, out, kernel, stride, padding, side, bias, channels-last)
        int[][] cases = {
            {4, 4, 4, 3, 1, 1, 8, 0, 0},
            {3, 3, 5, 3, 1, 1, 7, 1, 0},
            {2, 16, 17, 3, 1, 1, 6, 1, 0},
            {4, 1, 2, 3, 2, 1, 8, 0, 0},
            {2, 6, 1, 3, 1, 0, 6, 1, 0},
            {4, 8, 8, 3, 1, 1, 8, 1, 1},
            {3, 3, 4, 3, 1, 1, 8, 0, 1},
        };
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] c : cases) {
                compareWithDefinition(m, c);
            }
        }
    }

    @Test
    void wideConvolutionsTakeThePlainCallBitForBit() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = fixed(m, new Shape(2, 3, 8, 8), 1);
            NDArray w = fixed(m, new Shape(16, 3, 3, 3), 2);
            assertArrayEquals(Convolution.plain(x, w, null, 1, 1).singletonOrThrow().toFloatArray(),
                    Convolution.apply(x, w, null, 1, 1).singletonOrThrow().toFloatArray(), 0f);
        }
    }

    @Test
    void aPaddedCallLeavesNothingInTheWeightsManager() {
        try (NDManager params = NDManager.newBaseManager(); NDManager step = NDManager.newBaseManager()) {
            NDArray w = fixed(params, new Shape(4, 4, 3, 3), 2);
            int before = params.getManagedArrays().size();
            NDArray x = fixed(step, new Shape(2, 4, 8, 8), 1);
            NDArray y = Convolution.apply(x, w, null, 1, 1).singletonOrThrow();
            assertEquals(new Shape(2, 4, 8, 8), y.getShape());
            assertEquals(before, params.getManagedArrays().size());
        }
    }

    private static void compareWithDefinition(NDManager parent, int[] c) {
        int b = c[0];
        int in = c[1];
        int out = c[2];
        int k = c[3];
        int stride = c[4];
        int pad = c[5];
        int side = c[6];
        boolean withBias = c[7] == 1;
        boolean channelsLast = c[8] == 1;
        String name = Arrays.toString(c);
        try (NDManager m = parent.newSubManager()) {
            Shape xs = new Shape(b, in, side, side);
            Shape ws = new Shape(out, in, k, k);
            float[] xv = values(xs.size(), 1);
            float[] wv = values(ws.size(), 2);
            float[] bv = values(out, 3);
            int outSide = (side + 2 * pad - k) / stride + 1;
            float[] gv = values((long) b * out * outSide * outSide, 4);
            NDArray x = fixed(m, xs, 1);
            NDArray w = fixed(m, ws, 2);
            NDArray bias = withBias ? fixed(m, new Shape(out), 3) : null;
            NDArray g = fixed(m, new Shape(b, out, outSide, outSide), 4);
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            if (bias != null) {
                bias.setRequiresGradient(true);
            }
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray input = channelsLast ? MemoryLayout.channelsLast(x) : x;
                NDArray result = Convolution.channelPadded(input, w, bias, stride, pad).singletonOrThrow();
                assertEquals(new Shape(b, out, outSide, outSide), result.getShape(), name);
                y = result.toFloatArray();
                gc.backward(result.mul(g).sum());
            }
            Reference r = new Reference(b, in, out, k, stride, pad, side, outSide);
            assertClose(r.forward(xv, wv, withBias ? bv : null), y, name + " output");
            assertClose(r.inputGradient(wv, gv), x.getGradient().toFloatArray(), name + " input gradient");
            assertClose(r.weightGradient(xv, gv), w.getGradient().toFloatArray(), name + " weight gradient");
            if (bias != null) {
                assertClose(r.biasGradient(gv), bias.getGradient().toFloatArray(), name + " bias gradient");
            }
        }
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= TOLERANCE * Math.max(1, scale),
                    what + " at " + i + ": " + actual[i] + " vs " + expected[i]);
        }
    }

    /** The convolution and its gradients by definition, in double precision (NCHW, square kernel, zero padding). */
    private record Reference(int b, int in, int out, int k, int stride, int pad, int side, int outSide) {
        double[] forward(float[] x, float[] w, float[] bias) {
            double[] y = new double[b * out * outSide * outSide];
            if (bias != null) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = bias[i / (outSide * outSide) % out];
                }
            }
            visit((n, o, c, i, j, r, t, p, q) -> y[((n * out + o) * outSide + i) * outSide + j] +=
                    x[((n * in + c) * side + r) * side + t] * (double) w[((o * in + c) * k + p) * k + q]);
            return y;
        }

        double[] inputGradient(float[] w, float[] g) {
            double[] dx = new double[b * in * side * side];
            visit((n, o, c, i, j, r, t, p, q) -> dx[((n * in + c) * side + r) * side + t] +=
                    g[((n * out + o) * outSide + i) * outSide + j] * (double) w[((o * in + c) * k + p) * k + q]);
            return dx;
        }

        double[] weightGradient(float[] x, float[] g) {
            double[] dw = new double[out * in * k * k];
            visit((n, o, c, i, j, r, t, p, q) -> dw[((o * in + c) * k + p) * k + q] +=
                    g[((n * out + o) * outSide + i) * outSide + j] * (double) x[((n * in + c) * side + r) * side + t]);
            return dw;
        }

        double[] biasGradient(float[] g) {
            double[] db = new double[out];
            for (int n = 0; n < b; n++) {
                for (int o = 0; o < out; o++) {
                    for (int s = 0; s < outSide * outSide; s++) {
                        db[o] += g[(n * out + o) * outSide * outSide + s];
                    }
                }
            }
            return db;
        }

        /** Calls {@code term} for every (output position, input channel, kernel tap) that reads inside the image. */
        private void visit(Term term) {
            for (int n = 0; n < b; n++) {
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < outSide; i++) {
                        for (int j = 0; j < outSide; j++) {
                            for (int c = 0; c < in; c++) {
                                for (int p = 0; p < k; p++) {
                                    for (int q = 0; q < k; q++) {
                                        int r = i * stride + p - pad;
                                        int t = j * stride + q - pad;
                                        if (r >= 0 && r < side && t >= 0 && t < side) {
                                            term.add(n, o, c, i, j, r, t, p, q);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @FunctionalInterface
    private interface Term {
        void add(int n, int o, int c, int i, int j, int r, int t, int p, int q);
    }

    private static float[] values(long n, long salt) {
        SplittableRandom rng = new SplittableRandom(n * 1_000 + salt);
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return v;
    }

    /** {@link #values} as a torch-owned array. */
    private static NDArray fixed(NDManager m, Shape shape, long salt) {
        try (NDArray fromJava = m.create(values(shape.size(), salt), shape)) {
            return fromJava.duplicate();
        }
    }
}
