package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import clel.augment.AugmentationKind;
import clel.config.AugmentConfig;
import clel.config.ConfigException;
import clel.config.LossConfig;
import clel.config.ModelConfig;
import clel.nn.BatchNormLayer;
import clel.nn.Dense;
import clel.nn.ExplicitShapeBlock;
import clel.nn.Initializers;
import java.nio.file.Path;

/**
 * The latent encoder h_phi of loss.encoder_objective=mae (paper Appendix C): the frozen MAE encoder
 * ({@link MaeBackbone}: images (B, C, H, W) in [0, 1] to features (B, D)) followed by a learnable 2-layer MLP
 * Linear(D, hidden) -> BatchNorm -> ReLU -> Linear(hidden, d_z), hidden = model.encoder_hidden, output h(x) (B, d_z).
 *
 * <p>The paper says only "a learnable 2-layer MLP". This one is the head {@link ContrastiveEncoder} puts on its ResNet
 * (SimCLR's projection head, as in the public code), so that mae differs from simclr only where Appendix C says: the
 * frozen trunk and views without augmentation. Its BatchNorm also evens out the very unequal scales of a ViT's frozen
 * feature dimensions, which SGD at the encoder's learning rate would otherwise feel.
 *
 * <p>Only the MLP is a child block, so h's optimizer, its EMA copy and the checkpoint entries encoder.params and
 * encoder_ema.params hold the MLP alone; the frozen part is identified by model.mae_encoder and its SHA-256.
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
     * h for {@code config}: its model.mae_encoder loaded into {@code manager} (checked against model.mae_encoder_sha256
     * when set; see {@link MaeBackbone#load} for the one-line errors), the MLP not yet initialized.
     */
    public static MaeEncoder load(ModelConfig config, NDManager manager) {
        MaeBackbone backbone = MaeBackbone.load(Path.of(config.maeEncoder()), config.maeEncoderSha256(), manager,
                new Shape(config.channels(), config.imageSize(), config.imageSize()));
        return new MaeEncoder(backbone, config.encoderHidden(), config.featureDim());
    }

    /** The frozen part. */
    public MaeBackbone backbone() {
        return backbone;
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

    /**
     * loss.encoder_objective=mae (Appendix C): eq. (13) as simclr computes it ("our objective (13)", step 3), on this
     * encoder (model.mae_encoder, the frozen part; only the MLP learns) and on views without augmentation.
     */
    public static final class Objective implements EncoderObjective.Definition {
        @Override
        public String key() {
            return "mae";
        }

        @Override
        public String summary() {
            return "a frozen MAE encoder (model.mae_encoder) with a learnable MLP trained by eq. (13) without augmentation";
        }

        /**
         * model.mae_encoder is required, and augment.encoder must say none rather than be ignored: Appendix C trains the
         * MLP on the frozen MAE encoder "without data augmentations".
         */
        @Override
        public void check(ModelConfig model, LossConfig loss, AugmentConfig augment) {
            if (!model.hasMaeEncoder()) {
                throw new ConfigException("loss.encoder_objective is mae but model.mae_encoder is empty: give the frozen "
                        + "MAE encoder's TorchScript file (docs/mae.md says how to make one)");
            }
            if (augment.encoder() != AugmentationKind.NONE) {
                throw new ConfigException("augment.encoder is " + augment.encoder().configName() + " but "
                        + "loss.encoder_objective is mae, whose MLP is trained without data augmentation (paper Appendix "
                        + "C): set augment.encoder=none");
            }
        }

        @Override
        public EncoderObjective create(LossConfig loss, ModelConfig model, LatentEncoder h, NDManager manager) {
            return new SimClrObjective(h, loss.useNegatives(), (float) loss.temperature());
        }
    }
}
