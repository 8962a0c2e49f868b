package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import clel.config.ModelConfig;
import clel.nn.BatchNormLayer;
import clel.nn.Dense;
import clel.nn.ExplicitShapeBlock;
import clel.nn.Initializers;
import java.nio.file.Path;
import java.util.Map;

/**
 * The latent encoder h_phi of loss.encoder_objective=mae ({@link MaeObjective}, paper Appendix C): the frozen MAE encoder
 * ({@link MaeBackbone}: images (B, C, H, W) in [0, 1] to features (B, D)) followed by a learnable 2-layer MLP
 * Linear(D, hidden) -> BatchNorm -> ReLU -> Linear(hidden, d_z), hidden = model.encoder_hidden, output h(x) (B, d_z).
 *
 * <p>The paper says only "a learnable 2-layer MLP". This one is the head {@link ContrastiveEncoder} puts on its ResNet
 * (SimCLR's projection head, as in the public code), so that mae differs from simclr only where Appendix C says: the
 * frozen trunk and views without augmentation. Its BatchNorm also evens out the very unequal scales of a ViT's frozen
 * feature dimensions, which SGD at the encoder's learning rate would otherwise feel.
 *
 * <p>Only the MLP is a child block, so h's optimizer, its EMA copy and the checkpoint entries encoder.params and
 * encoder_ema.params hold the MLP alone; the frozen part is identified by encoder_objectives.mae.encoder and its
 * SHA-256 ({@link MaeSettings}).
 */
public final class MaeEncoder extends ExplicitShapeBlock implements LatentEncoder {
    private static final byte VERSION = 1;

    private final MaeBackbone backbone;
    private final Dense fc1;
    private final BatchNormLayer bn;
    private final Dense fc2;
    private final int dim;

    /**
     * @param backbone the frozen MAE encoder
     * @param hidden   the MLP's hidden width (model.encoder_hidden)
     * @param dim      d_z (model.feature_dim)
     */
    public MaeEncoder(MaeBackbone backbone, int hidden, int dim) {
        super(VERSION);
        this.backbone = backbone;
        this.dim = dim;
        fc1 = addChildBlock("fc1", Dense.builder().setFeatures(backbone.width(), hidden)
                .optWeightInitializer(Initializers.TORCH_DEFAULT).build());
        bn = addChildBlock("bn", new BatchNormLayer(hidden, false));
        fc2 = addChildBlock("fc2", Dense.builder().setFeatures(hidden, dim)
                .optWeightInitializer(Initializers.TORCH_DEFAULT).build());
    }

    /**
     * h for {@code config}: the file of {@code settings} loaded into {@code manager} (checked against its recorded
     * SHA-256; see {@link MaeBackbone#load} for the one-line errors), the MLP not yet initialized.
     *
     * @param config   the model section (image shape, model.encoder_hidden, model.feature_dim)
     * @param settings the objective's settings: the file and its SHA-256
     * @param manager  a PyTorch manager that owns the frozen module
     * @return the encoder
     */
    public static MaeEncoder load(ModelConfig config, MaeSettings settings, NDManager manager) {
        MaeBackbone backbone = MaeBackbone.load(Path.of(settings.encoder()), settings.encoderSha256(), manager,
                new Shape(config.channels(), config.imageSize(), config.imageSize()));
        return new MaeEncoder(backbone, config.encoderHidden(), config.featureDim());
    }

    /** The frozen part. */
    public MaeBackbone backbone() {
        return backbone;
    }

    @Override
    public String description() {
        return "Appendix C: frozen MAE encoder " + backbone.file() + " (" + backbone.width()
                + " features), then a trainable MLP";
    }

    @Override
    public String frozenPartName() {
        return "frozen MAE encoder";
    }

    @Override
    public Map<String, Long> frozenParameterCounts(int depth) {
        return backbone.parameterCounts(depth);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = backbone.features(inputs.singletonOrThrow());
        NDList h = bn.forward(ps, fc1.forward(ps, new NDList(features), training), training);
        return fc2.forward(ps, new NDList(Activation.relu(h.singletonOrThrow())), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
    }
}
