package clel.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A fully connected layer y = x W^T + b with shapes fixed at construction: input (B, in), output (B, out),
 * W of shape (out, in), optional b of shape (out).
 */
public final class Dense extends ExplicitShapeBlock {
    private static final byte VERSION = 1;

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    private Dense(Builder b) {
        super(VERSION);
        this.in = b.in;
        this.out = b.out;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in)).optInitializer(b.weightInit).build());
        bias = b.bias
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                        .optShape(new Shape(out)).optInitializer(b.biasInit).build())
                : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int inFeatures() { return in; }
    public int outFeatures() { return out; }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = bias == null ? null : ps.getValue(bias, device, training);
        return Linear.linear(x, w, b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), out)};
    }

    /** Builder: {@code setFeatures} is required; bias on, weight N(0, 0.01), bias zero by default. */
    public static final class Builder {
        private int in = -1;
        private int out = -1;
        private boolean bias = true;
        private Initializer weightInit = Initializers.NORMAL_0_01;
        private Initializer biasInit = Initializer.ZEROS;

        public Builder setFeatures(int in, int out) {
            this.in = in;
            this.out = out;
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

        public Builder optBiasInitializer(Initializer init) {
            this.biasInit = init;
            return this;
        }

        public Dense build() {
            if (in <= 0 || out <= 0) {
                throw new IllegalArgumentException("Dense: features must be positive, got " + in + " -> " + out);
            }
            return new Dense(this);
        }
    }
}
