package clel.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A 2-D convolution with spectral normalization (Miyato et al., 2018), stride 1, "same" padding.
 *
 * <p>The weight W of shape (out, in, k, k) is used as W / sigma(W), where sigma is the largest singular
 * value of W reshaped to (out, in*k*k), estimated by power iteration with the persistent vectors
 * u (out) and v (in*k*k). In training mode one power iteration runs per forward on the stopped-gradient
 * weight and updates u and v in place, u first: u = normalize(W v), then v = normalize(W^T u), as
 * torch.nn.utils.parametrizations.spectral_norm (the public code's) does (the older torch.nn.utils.spectral_norm
 * updates v first; with one iteration per forward the two give different sigma until they converge). In evaluation
 * mode the stored u and v are used as they are. sigma = u^T W v keeps the gradient with respect to W.
 * u and v are non-trainable parameters, so they are saved and loaded with the model.
 *
 * <p>Input (B, in, H, W), output (B, out, H, W).
 */
public final class SpectralConv2d extends ExplicitShapeBlock {
    private static final byte VERSION = 1;
    /** The epsilon of torch's F.normalize in the power iteration. */
    static final float NORMALIZE_EPS = 1e-12f;

    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter u;
    private final Parameter v;

    private SpectralConv2d(Builder b) {
        super(VERSION);
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernel = b.kernel;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(outChannels, inChannels, kernel, kernel)).optInitializer(b.weightInit).build());
        bias = b.bias
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                        .optShape(new Shape(outChannels)).optInitializer(Initializer.ZEROS).build())
                : null;
        u = addParameter(Parameter.builder().setName("u").setType(Parameter.Type.OTHER)
                .optShape(new Shape(outChannels)).optInitializer(Initializers.UNIT_GAUSSIAN)
                .optRequiresGrad(false).build());
        v = addParameter(Parameter.builder().setName("v").setType(Parameter.Type.OTHER)
                .optShape(new Shape((long) inChannels * kernel * kernel)).optInitializer(Initializers.UNIT_GAUSSIAN)
                .optRequiresGrad(false).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Power iterations run once after initialization, so that sigma is accurate from the first forward (as torch's
     * parametrized spectral_norm).
     */
    static final int INITIAL_POWER_ITERATIONS = 15;

    @Override
    public void initialize(ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        NDArray uArr = u.getArray();
        NDArray vArr = v.getArray();
        try (NDManager scope = manager.newSubManager()) {
            NDArray wMat = weight.getArray().reshape(outChannels, -1);
            wMat.attach(scope);
            for (int i = 0; i < INITIAL_POWER_ITERATIONS; i++) {
                NDArray[] uv = powerIteration(wMat, uArr, vArr);
                uArr.set(new NDIndex(":"), uv[0]);
                vArr.set(new NDIndex(":"), uv[1]);
                uv[0].close();
                uv[1].close();
            }
        }
    }

    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }

    /** Multiply-accumulates of one forward on one (in, h, w) image: out * in * k^2 per output pixel. */
    public long multiplyAccumulates(long h, long w) {
        return (long) outChannels * inChannels * kernel * kernel * h * w;
    }

    /**
     * One power iteration on a stopped-gradient weight matrix, in the order of
     * torch.nn.utils.parametrizations.spectral_norm's {@code _power_method}: u' = normalize(W v), v' = normalize(W^T u').
     *
     * @param wMat (out, n) weight matrix (no gradient is taken through it)
     * @param u    (out) current left vector (unused except for its shape, as in torch)
     * @param v    (n) current right vector
     * @return {u', v'} in the manager of {@code wMat}
     */
    public static NDArray[] powerIteration(NDArray wMat, NDArray u, NDArray v) {
        try (NDManager scope = NDManager.subManagerOf(wMat)) {
            NDArray w = wMat.stopGradient();
            w.attach(scope);
            NDArray uNew = normalize(w.matMul(v));
            NDArray vNew = normalize(w.transpose().matMul(uNew));
            vNew.attach(wMat.getManager());
            uNew.attach(wMat.getManager());
            return new NDArray[] {uNew, vNew};
        }
    }

    /** sigma = u^T W v, a scalar with gradient with respect to W. */
    public static NDArray sigma(NDArray wMat, NDArray u, NDArray v) {
        NDArray wv = wMat.matMul(v);
        NDArray s = u.dot(wv);
        wv.close();
        return s;
    }

    private static NDArray normalize(NDArray a) {
        NDArray norm = a.norm().maximum(NORMALIZE_EPS);
        NDArray out = a.div(norm);
        norm.close();
        a.close();
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = bias == null ? null : ps.getValue(bias, device, training);
        NDArray uArr = ps.getValue(u, device, training);
        NDArray vArr = ps.getValue(v, device, training);
        // Temporaries derived from parameters would otherwise land in the model's manager and leak.
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray wMat = w.reshape(outChannels, -1);
            wMat.attach(scope);
            if (training) {
                NDArray[] uv = powerIteration(wMat, uArr, vArr);
                uArr.set(new NDIndex(":"), uv[0]);
                vArr.set(new NDIndex(":"), uv[1]);
            }
            NDArray s = sigma(wMat, uArr, vArr);
            s.attach(scope);
            NDArray wNorm = w.div(s);
            wNorm.attach(scope);
            return Convolution.apply(x, wNorm, b, 1, kernel / 2);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), outChannels, s.get(2), s.get(3))};
    }

    /** Builder: {@code setChannels} is required; bias defaults to true, weight init to Kaiming-normal (linear gain). */
    public static final class Builder {
        private int inChannels = -1;
        private int outChannels = -1;
        private int kernel = 3;
        private boolean bias = true;
        private Initializer weightInit = Initializers.KAIMING_NORMAL_LINEAR;

        public Builder setChannels(int in, int out) {
            this.inChannels = in;
            this.outChannels = out;
            return this;
        }

        /** Odd kernel size (default 3); padding keeps the spatial size. */
        public Builder optKernel(int k) {
            this.kernel = k;
            return this;
        }

        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        public Builder optWeightInitializer(Initializer init) {
            this.weightInit = init;
            return this;
        }

        public SpectralConv2d build() {
            if (inChannels <= 0 || outChannels <= 0) {
                throw new IllegalArgumentException("SpectralConv2d: channels must be positive, got "
                        + inChannels + " -> " + outChannels);
            }
            if (kernel <= 0 || kernel % 2 == 0) {
                throw new IllegalArgumentException("SpectralConv2d: kernel must be odd and positive, got " + kernel);
            }
            return new SpectralConv2d(this);
        }
    }
}
