package clel.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import clel.nn.Dense;
import clel.nn.ExplicitShapeBlock;
import clel.nn.PreActResBlock;

/**
 * Appendix D's multi-head alternative: a separate 2-layer MLP g'_theta reading the marginal energy off the
 * features, E(x) = g'(f(x)) = W2 LeakyReLU(0.2)(W1 f + b1) + b2. Input (B, d); output (B).
 */
public final class ScalarEnergyHead extends ExplicitShapeBlock {
    private static final byte VERSION = 1;

    private final Dense first;
    private final Dense second;

    public ScalarEnergyHead(int dim, int hidden) {
        super(VERSION);
        first = addChildBlock("w1", Dense.builder().setFeatures(dim, hidden).build());
        second = addChildBlock("w2", Dense.builder().setFeatures(hidden, 1).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = first.forward(ps, inputs, training).singletonOrThrow();
        NDArray e = second.forward(ps, new NDList(Activation.leakyRelu(h, PreActResBlock.LEAKY_SLOPE)), training)
                .singletonOrThrow();
        return new NDList(e.reshape(-1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }
}
