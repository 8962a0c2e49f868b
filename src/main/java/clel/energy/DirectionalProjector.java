package clel.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import clel.config.ProjectorKind;
import clel.nn.Dense;
import clel.nn.ExplicitShapeBlock;
import clel.nn.FrozenParameters;
import clel.nn.GraphSafe;
import clel.nn.PreActResBlock;

/**
 * The directional projector g_theta: S^{d-1} -> S^{d-1} of eq. (10): the input f(x) is put on the unit
 * sphere, mapped by "mlp" W2 LeakyReLU(0.2)(W1 u) (no biases, Appendix B), "linear" W u, or "identity",
 * and the result L2-normalized. Input f(x) (B, d); output g(f(x)/||f(x)||) (B, d), unit rows.
 *
 * <p>The public code feeds f(x) unnormalized and compares by cosine similarity; for these bias-free,
 * positively homogeneous maps the two are the same direction.
 */
public final class DirectionalProjector extends ExplicitShapeBlock {
    private static final byte VERSION = 1;
    private static final float EPS = 1e-12f;

    private final ProjectorKind kind;
    private final Dense first;
    private final Dense second;
    private final int dim;

    public DirectionalProjector(ProjectorKind kind, int dim, int hidden) {
        super(VERSION);
        this.kind = kind;
        this.dim = dim;
        switch (kind) {
            case MLP -> {
                first = addChildBlock("w1", Dense.builder().setFeatures(dim, hidden).optBias(false).build());
                second = addChildBlock("w2", Dense.builder().setFeatures(hidden, dim).optBias(false).build());
            }
            case LINEAR -> {
                first = addChildBlock("w1", Dense.builder().setFeatures(dim, dim).optBias(false).build());
                second = null;
            }
            default -> {
                first = null;
                second = null;
            }
        }
    }

    public ProjectorKind kind() {
        return kind;
    }

    /** Rows divided by their L2 norm (clamped below at 1e-12 as torch's F.normalize). (B, d) -> (B, d). */
    public static NDArray unitRows(NDArray a) {
        try (NDArray norm = a.norm(new int[] {1}, true); NDArray clamped = GraphSafe.maximum(norm, EPS)) {
            return a.div(clamped);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = project(ps, inputs.singletonOrThrow(), training);
        return new NDList(kind == ProjectorKind.IDENTITY ? y : unitRows(y));
    }

    /** The map before the final normalization: W2 LeakyReLU(W1 u), W u or u, for u = f/||f||. (B, d) -> (B, d). */
    private NDArray project(ParameterStore ps, NDArray f, boolean training) {
        NDArray u = unitRows(f);
        return switch (kind) {
            case MLP -> {
                NDArray h = first.forward(ps, new NDList(u), training).singletonOrThrow();
                yield second.forward(ps, new NDList(Activation.leakyRelu(h, PreActResBlock.LEAKY_SLOPE)), training)
                        .singletonOrThrow();
            }
            case LINEAR -> first.forward(ps, new NDList(u), training).singletonOrThrow();
            case IDENTITY -> u;
        };
    }

    /**
     * Diagnostic: ||g_raw(f/||f||)|| per row, the norm of the projector's output before its normalization (a norm
     * near 0 makes the direction, and its gradient, ill-conditioned). No gradient; f (B, d) -> (B).
     */
    public NDArray preNormalizationNorms(ParameterStore ps, NDArray f) {
        try (NDManager scope = f.getManager().newSubManager(); FrozenParameters ignored = FrozenParameters.of(this)) {
            NDArray in = f.stopGradient();
            in.attach(scope);
            NDArray norms = project(ps, in, false).norm(new int[] {1});
            norms.attach(f.getManager());
            return norms;
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
    }
}
