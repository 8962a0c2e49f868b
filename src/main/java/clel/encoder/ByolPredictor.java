package clel.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import clel.nn.BatchNormLayer;
import clel.nn.Dense;
import clel.nn.ExplicitShapeBlock;
import clel.nn.Initializers;

/**
 * BYOL's predictor q: Linear(d_z, hidden) -> BatchNorm -> ReLU -> Linear(hidden, d_z), the projection head's layout
 * (BYOL paper, Section 3.3). Input and output (B, d_z), not normalized.
 */
public final class ByolPredictor extends ExplicitShapeBlock {
    private static final byte VERSION = 1;

    private final Dense fc1;
    private final BatchNormLayer bn;
    private final Dense fc2;
    private final int dim;

    /**
     * @param dim    d_z, the encoder's output width (model.feature_dim)
     * @param hidden the hidden width (model.encoder_hidden, as the encoder's own head)
     */
    public ByolPredictor(int dim, int hidden) {
        super(VERSION);
        this.dim = dim;
        fc1 = addChildBlock("fc1", Dense.builder().setFeatures(dim, hidden)
                .optWeightInitializer(Initializers.TORCH_DEFAULT).build());
        bn = addChildBlock("bn", new BatchNormLayer(hidden, false));
        fc2 = addChildBlock("fc2", Dense.builder().setFeatures(hidden, dim)
                .optWeightInitializer(Initializers.TORCH_DEFAULT).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList h = bn.forward(ps, fc1.forward(ps, inputs, training), training);
        return fc2.forward(ps, new NDList(Activation.relu(h.singletonOrThrow())), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
    }
}
