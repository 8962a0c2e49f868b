package clel.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import clel.config.EnergyHeadKind;
import clel.config.ModelConfig;
import clel.nn.ExplicitShapeBlock;

/**
 * The spherical latent-variable EBM p_theta(x, z) of Section 3.2: feature network f, directional projector g
 * and, for the Appendix D ablation only, a separate scalar energy head.
 *
 * <p>{@code forward} maps images x (B, C, H, W) in [0, 1] to the NDList
 * [f(x) (B, d), g(f(x)/||f(x)||) (B, d) unit rows, E(x) (B)]; see {@link EnergyOutput}.
 */
public final class EnergyModel extends ExplicitShapeBlock {
    private static final byte VERSION = 1;

    private final ModelConfig config;
    private final EnergyNetwork f;
    private final DirectionalProjector g;
    private final ScalarEnergyHead scalarHead;

    public EnergyModel(ModelConfig config) {
        super(VERSION);
        this.config = config;
        f = addChildBlock("f", new EnergyNetwork(config));
        g = addChildBlock("g", new DirectionalProjector(config.projector(), config.featureDim(), config.projectorHidden()));
        scalarHead = config.energyHead() == EnergyHeadKind.MULTI_HEAD
                ? addChildBlock("scalar_head", new ScalarEnergyHead(config.featureDim(), config.headHidden()))
                : null;
    }

    public ModelConfig config() { return config; }
    public EnergyNetwork featureNetwork() { return f; }
    public DirectionalProjector projector() { return g; }

    /** The input shape of one image, (C, H, W). */
    public Shape imageShape() {
        return new Shape(config.channels(), config.imageSize(), config.imageSize());
    }

    /** Runs f, g and the marginal energy on a batch. */
    public EnergyOutput evaluate(ParameterStore ps, NDArray x, boolean training) {
        return EnergyOutput.of(forward(ps, new NDList(x), training));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray feats = f.forward(ps, inputs, training).singletonOrThrow();
        NDArray direction = g.forward(ps, new NDList(feats), training).singletonOrThrow();
        NDArray marginal = scalarHead == null
                ? Energies.normEnergy(feats)
                : scalarHead.forward(ps, new NDList(feats), training).singletonOrThrow();
        return new NDList(feats, direction, marginal);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, config.featureDim()), new Shape(b, config.featureDim()), new Shape(b)};
    }
}
