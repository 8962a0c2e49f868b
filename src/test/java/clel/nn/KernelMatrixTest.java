package clel.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Every kind of layer the networks contain, at every channel count from 1 to 16 and every batch size from 1 to 8,
 * forward and backward, {@value #RUNS} times on the same inputs: the output, the input gradient and every parameter
 * gradient must be finite and bit-identical from run to run, on any host.
 *
 * <p>Layers: the contiguous {@link Conv2dLayer} as h and the classifier use it (3x3 and 1x1, stride 1 and 2, the stem
 * from 3 channels), f's {@link SpectralConv2d} on channels-last activations (3x3, 1x1 and the stem, all stride 1),
 * {@link BatchNormLayer} in training mode, {@link Dense}, 2x2 average pooling and global average pooling. Inputs are
 * 16 x 16. On an AVX-512 host with libtorch 2.7.1 and two threads, the plain oneDNN call fails this for 3x3 stride-1
 * convolutions whose output channels are not a multiple of 16 (see {@link Convolution}); the channel padding makes
 * them pass. The test runs through the layers only, so the same file measures the code before the padding existed.
 */
class KernelMatrixTest {
    private static final int RUNS = 3;
    private static final int MAX_CHANNELS = 16;
    private static final int MAX_BATCH = 8;
    private static final int SIDE = 16;

    /** One layer kind: the block for C channels, the input shape for (batch, C), and whether the input is NHWC. */
    private record Kind(String name, IntFunction<Block> block, Function<int[], Shape> input, boolean channelsLast) {
    }

    @Test
    void everyLayerIsFiniteAndRepeatableAtEveryWidthAndBatch() {
        List<Kind> kinds = kinds();
        Map<String, List<String>> broken = new LinkedHashMap<>();
        int cases = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (Kind kind : kinds) {
                for (int c = 1; c <= MAX_CHANNELS; c++) {
                    for (int b = 1; b <= MAX_BATCH; b++) {
                        cases++;
                        String fault = check(m, kind, c, b);
                        if (fault != null) {
                            broken.computeIfAbsent(kind.name(), k -> new ArrayList<>()).add("C=" + c + " B=" + b + " " + fault);
                        }
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder();
        broken.forEach((kind, list) -> report.append("\n  ").append(kind).append(": ").append(list.size())
                .append(" of ").append(MAX_CHANNELS * MAX_BATCH).append(" broken, e.g. ")
                .append(String.join("; ", list.subList(0, Math.min(4, list.size())))));
        System.out.println("KernelMatrixTest on " + CpuInstructionSet.describe() + ": " + cases + " cases, "
                + broken.values().stream().mapToInt(List::size).sum() + " broken" + report);
        assertTrue(broken.isEmpty(), "layers with NaN or run-to-run differences on " + CpuInstructionSet.describe()
                + report);
    }

    private static List<Kind> kinds() {
        var init = Initializers.KAIMING_NORMAL_FAN_OUT_RELU;
        Function<int[], Shape> image = bc -> new Shape(bc[0], bc[1], SIDE, SIDE);
        Function<int[], Shape> rgb = bc -> new Shape(bc[0], 3, SIDE, SIDE);
        return List.of(
                new Kind("conv 3x3 stride 1, C -> C", c -> new Conv2dLayer(c, c, 3, 1, 1, false, init), image, false),
                new Kind("conv 3x3 stride 2, C -> 2C", c -> new Conv2dLayer(c, 2 * c, 3, 2, 1, false, init), image, false),
                new Kind("conv 1x1 stride 1, C -> C", c -> new Conv2dLayer(c, c, 1, 1, 0, false, init), image, false),
                new Kind("conv 1x1 stride 2, C -> 2C", c -> new Conv2dLayer(c, 2 * c, 1, 2, 0, false, init), image, false),
                new Kind("stem conv 3x3, 3 -> C", c -> new Conv2dLayer(3, c, 3, 1, 1, false, init), rgb, false),
                new Kind("spectral conv 3x3, C -> C, channels-last",
                        c -> SpectralConv2d.builder().setChannels(c, c).build(), image, true),
                new Kind("spectral conv 1x1, C -> 2C, channels-last",
                        c -> SpectralConv2d.builder().setChannels(c, 2 * c).optKernel(1).optBias(false).build(), image, true),
                new Kind("spectral stem 3x3, 3 -> C, channels-last",
                        c -> SpectralConv2d.builder().setChannels(3, c).build(), rgb, true),
                new Kind("batch norm (training)", c -> new BatchNormLayer(c, false), image, false),
                new Kind("dense C -> C", c -> Dense.builder().setFeatures(c, c).build(), bc -> new Shape(bc[0], bc[1]), false),
                new Kind("average pooling 2x2", c -> new PoolingBlock(false), image, false),
                new Kind("global average pooling", c -> new PoolingBlock(true), image, false));
    }

    /** Null when all runs agree bit for bit and are finite, else what went wrong. */
    private static String check(NDManager parent, Kind kind, int c, int b) {
        try (NDManager m = parent.newSubManager()) {
            Engine.getInstance().setRandomSeed(c * 100 + b);
            Block block = kind.block().apply(c);
            Shape shape = kind.input().apply(new int[] {b, c});
            block.initialize(m, DataType.FLOAT32, shape);
            NDArray x = fixed(m, shape, 1);
            int nonFinite = 0;
            int differing = 0;
            float[][] first = null;
            NDArray outputGradient = null;
            for (int run = 0; run < RUNS; run++) {
                float[][] result;
                try (NDManager s = m.newSubManager()) {
                    NDArray in = x.duplicate();
                    in.attach(s);
                    in.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.zeroGradients();
                        NDArray input = kind.channelsLast() ? MemoryLayout.channelsLast(in) : in;
                        // training mode for batch norm's batch statistics; spectral norm's power iteration is a
                        // training-time state update, so its layers run in inference mode
                        boolean training = block instanceof BatchNormLayer;
                        NDArray y = block.forward(new ParameterStore(s, false), new NDList(input), training)
                                .singletonOrThrow();
                        if (outputGradient == null) {
                            outputGradient = fixed(m, y.getShape(), 2);
                        }
                        gc.backward(y.mul(outputGradient).sum());
                        List<float[]> all = new ArrayList<>(List.of(y.toFloatArray(), in.getGradient().toFloatArray()));
                        for (Pair<String, Parameter> p : block.getParameters()) {
                            NDArray a = p.getValue().getArray();
                            if (a.hasGradient()) {
                                all.add(a.getGradient().toFloatArray());
                            }
                        }
                        result = all.toArray(new float[0][]);
                    }
                }
                if (!finite(result)) {
                    nonFinite++;
                }
                if (first == null) {
                    first = result;
                } else if (!Arrays.deepEquals(first, result)) {
                    differing++;
                }
            }
            if (nonFinite == 0 && differing == 0) {
                return null;
            }
            return "(NaN/inf in " + nonFinite + " runs, " + differing + " repeats differ)";
        }
    }

    /** Values in [-1, 1] from a Java stream seeded by the shape, copied into torch-owned memory. */
    private static NDArray fixed(NDManager m, Shape shape, long salt) {
        SplittableRandom rng = new SplittableRandom(shape.size() * 31 + salt);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2 * rng.nextDouble() - 1);
        }
        try (NDArray fromJava = m.create(v, shape)) {
            return fromJava.duplicate();
        }
    }

    private static boolean finite(float[][] arrays) {
        for (float[] a : arrays) {
            for (float v : a) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** f's 2x2 average pooling (EnergyTrunk) or h's global average pooling (ContrastiveEncoder) as a block. */
    private static final class PoolingBlock extends ExplicitShapeBlock {
        private final boolean global;

        PoolingBlock(boolean global) {
            super((byte) 1);
            this.global = global;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         ai.djl.util.PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            return new NDList(global ? Pool.globalAvgPool2d(x)
                    : Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape s = inputShapes[0];
            return new Shape[] {global ? new Shape(s.get(0), s.get(1)) : new Shape(s.get(0), s.get(1), s.get(2) / 2,
                    s.get(3) / 2)};
        }
    }
}
