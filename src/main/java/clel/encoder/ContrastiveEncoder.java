package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import clel.config.ModelConfig;
import clel.nn.BatchNormLayer;
import clel.nn.Conv2dLayer;
import clel.nn.Dense;
import clel.nn.ExplicitShapeBlock;
import clel.nn.Initializers;
import clel.nn.InputNormalization;

import java.util.ArrayList;
import java.util.List;

/**
 * The contrastive latent encoder h_phi (Section 3.1, Appendix B): the CIFAR variant of ResNet-18 (3x3 stride-1
 * stem, no max-pool, stages of width w, 2w, 4w, 8w with two {@link BasicBlock}s each, zero-initialized
 * residual branches) followed by the MLP Linear(8w, hidden) -> BatchNorm -> ReLU -> Linear(hidden, d_z).
 * The paper's w is 64 (512 features); smaller widths make CPU runs feasible.
 *
 * <p>Input (B, C, H, W) in [0, 1], normalized inside by the data set's mean/std; output h(x) (B, d_z),
 * not normalized: the latent of eq. (9) is {@link LatentEncoder#latent} = h(t(x)) / ||h(t(x))||.
 */
public final class ContrastiveEncoder extends ExplicitShapeBlock implements LatentEncoder {
    private static final byte VERSION = 1;
    private static final int[] STAGE_STRIDES = {1, 2, 2, 2};
    private static final int BLOCKS_PER_STAGE = 2;

    private final InputNormalization normalization;
    private final Conv2dLayer stem;
    private final BatchNormLayer stemBn;
    private final List<BasicBlock> blocks = new ArrayList<>();
    private final Dense fc1;
    private final BatchNormLayer fcBn;
    private final Dense fc2;
    private final int dim;
    private final int width;

    public ContrastiveEncoder(ModelConfig config) {
        super(VERSION);
        int w = config.encoderWidth();
        width = w;
        normalization = new InputNormalization(config.meanArray(), config.stdArray());
        stem = addChildBlock("stem", new Conv2dLayer(config.channels(), w, 3, 1, 1, false,
                Initializers.KAIMING_NORMAL_FAN_OUT_RELU));
        stemBn = addChildBlock("stem_bn", new BatchNormLayer(w, false));
        int c = w;
        for (int s = 0; s < STAGE_STRIDES.length; s++) {
            int out = w << s;
            for (int b = 0; b < BLOCKS_PER_STAGE; b++) {
                blocks.add(addChildBlock("layer" + (s + 1) + "_" + b, new BasicBlock(c, out, b == 0 ? STAGE_STRIDES[s] : 1)));
                c = out;
            }
        }
        fc1 = addChildBlock("fc1", Dense.builder().setFeatures(c, config.encoderHidden())
                .optWeightInitializer(Initializers.TORCH_DEFAULT).build());
        fcBn = addChildBlock("fc_bn", new BatchNormLayer(config.encoderHidden(), false));
        fc2 = addChildBlock("fc2", Dense.builder().setFeatures(config.encoderHidden(), config.featureDim())
                .optWeightInitializer(Initializers.TORCH_DEFAULT).build());
        dim = config.featureDim();
    }

    @Override
    public String description() {
        return "ResNet-18, width " + width;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList h = new NDList(normalization.apply(inputs.singletonOrThrow()));
        h = stemBn.forward(ps, stem.forward(ps, h, training), training);
        h = new NDList(Activation.relu(h.singletonOrThrow()));
        for (BasicBlock b : blocks) {
            h = b.forward(ps, h, training);
        }
        NDArray pooled = Pool.globalAvgPool2d(h.singletonOrThrow());
        NDList z = fcBn.forward(ps, fc1.forward(ps, new NDList(pooled), training), training);
        return fc2.forward(ps, new NDList(Activation.relu(z.singletonOrThrow())), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
    }
}
