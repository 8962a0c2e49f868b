package clel.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The EBM's pre-activation residual block (paper Table 8 "ResBlock(C)", public code):
 * y = s(x) + conv2(act(conv1(act(x)))), act = LeakyReLU(0.2), 3x3 spectral-normalized convolutions with
 * bias (conv1 changes the channels), and s a bias-free 1x1 spectral-normalized convolution when the
 * channel count changes (identity otherwise). Input (B, in, H, W), output (B, out, H, W).
 */
public final class PreActResBlock extends ExplicitShapeBlock {
    private static final byte VERSION = 1;
    /** Negative slope of the LeakyReLU used throughout the EBM. */
    public static final float LEAKY_SLOPE = 0.2f;

    private final int outChannels;
    private final SpectralConv2d conv1;
    private final SpectralConv2d conv2;
    private final SpectralConv2d shortcut;

    public PreActResBlock(int in, int out) {
        super(VERSION);
        this.outChannels = out;
        conv1 = addChildBlock("conv1", SpectralConv2d.builder().setChannels(in, out).build());
        conv2 = addChildBlock("conv2", SpectralConv2d.builder().setChannels(out, out).build());
        shortcut = in == out ? null
                : addChildBlock("shortcut", SpectralConv2d.builder().setChannels(in, out).optKernel(1).optBias(false).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray h = conv1.forward(ps, new NDList(Activation.leakyRelu(x, LEAKY_SLOPE)), training).singletonOrThrow();
        h = conv2.forward(ps, new NDList(Activation.leakyRelu(h, LEAKY_SLOPE)), training).singletonOrThrow();
        NDArray skip = shortcut == null ? x : shortcut.forward(ps, new NDList(x), training).singletonOrThrow();
        return new NDList(skip.add(h));
    }

    /** Multiply-accumulates of the block's convolutions in one forward on one (in, h, w) feature map. */
    public long multiplyAccumulates(long h, long w) {
        return conv1.multiplyAccumulates(h, w) + conv2.multiplyAccumulates(h, w)
                + (shortcut == null ? 0 : shortcut.multiplyAccumulates(h, w));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), outChannels, s.get(2), s.get(3))};
    }
}
