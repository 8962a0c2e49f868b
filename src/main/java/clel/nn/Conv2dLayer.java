package clel.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A plain 2-D convolution (no normalization) with shapes fixed at construction.
 * Input (B, in, H, W), output (B, out, floor((H + 2p - k)/s) + 1, ...).
 */
public final class Conv2dLayer extends ExplicitShapeBlock {
    private static final byte VERSION = 1;

    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param in      input channels
     * @param out     output channels
     * @param kernel  square kernel size
     * @param stride  stride
     * @param padding zero padding on each side
     * @param withBias whether to add a bias
     * @param init    weight initializer
     */
    public Conv2dLayer(int in, int out, int kernel, int stride, int padding, boolean withBias, Initializer init) {
        super(VERSION);
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("Conv2dLayer: invalid geometry in=" + in + " out=" + out
                    + " kernel=" + kernel + " stride=" + stride + " padding=" + padding);
        }
        this.outChannels = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, kernel, kernel)).optInitializer(init).build());
        bias = withBias
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                        .optShape(new Shape(out)).optInitializer(Initializer.ZEROS).build())
                : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = bias == null ? null : ps.getValue(bias, device, training);
        return Convolution.apply(x, w, b, stride, padding);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long h = (s.get(2) + 2L * padding - kernel) / stride + 1;
        long w = (s.get(3) + 2L * padding - kernel) / stride + 1;
        return new Shape[] {new Shape(s.get(0), outChannels, h, w)};
    }
}
