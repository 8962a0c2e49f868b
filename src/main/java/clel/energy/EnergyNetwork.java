package clel.energy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import clel.config.ModelConfig;
import clel.nn.Dense;
import clel.nn.ExplicitShapeBlock;
import clel.nn.InputNormalization;
import clel.nn.PreActResBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * The EBM feature network f_theta: R^{C x H x W} -> R^{d_z} (paper Section 3.2, Table 8, Appendix B).
 *
 * <p>Normalizes the input by the data set's mean and std, runs one {@link EnergyTrunk} per input scale
 * (scale s sees the image average-pooled by 2^s: 32, 16 and 8 pixels for the multi-scale models), applies
 * LeakyReLU(0.2) and global average pooling to each, concatenates, and maps through the MLP head
 * Linear(C_total, hidden) -> LeakyReLU(0.2) -> Linear(hidden, d_z).
 * Input (B, C, H, W) in [0, 1]; output f(x) of shape (B, d_z).
 */
public final class EnergyNetwork extends ExplicitShapeBlock {
    private static final byte VERSION = 1;

    private final InputNormalization normalization;
    private final List<EnergyTrunk> trunks = new ArrayList<>();
    private final Dense hidden;
    private final Dense output;
    private final int featureDim;

    public EnergyNetwork(ModelConfig config) {
        super(VERSION);
        normalization = new InputNormalization(config.meanArray(), config.stdArray());
        int concat = 0;
        for (int s = 0; s < config.size().scales(); s++) {
            EnergyTrunk t = addChildBlock("trunk" + s, new EnergyTrunk(config.size(), config.channels(), config.channelsLast()));
            trunks.add(t);
            concat += t.outChannels();
        }
        hidden = addChildBlock("head1", Dense.builder().setFeatures(concat, config.headHidden()).build());
        output = addChildBlock("head2", Dense.builder().setFeatures(config.headHidden(), config.featureDim()).build());
        featureDim = config.featureDim();
    }

    /**
     * Multiply-accumulates of f's convolutions in one forward on one image of {@code imageSize} x {@code imageSize}
     * pixels, over all its scales (the MLP head is not counted).
     */
    public long convolutionMultiplyAccumulates(long imageSize) {
        long macs = 0;
        for (int s = 0; s < trunks.size(); s++) {
            long side = imageSize >> s;
            macs += trunks.get(s).multiplyAccumulates(side, side);
        }
        return macs;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = normalization.apply(inputs.singletonOrThrow());
        NDList pooled = new NDList();
        for (int s = 0; s < trunks.size(); s++) {
            int k = 1 << s;
            NDArray xs = s == 0 ? x : Pool.avgPool2d(x, new Shape(k, k), new Shape(k, k), new Shape(0, 0), false, true);
            NDArray h = trunks.get(s).forward(ps, new NDList(xs), training).singletonOrThrow();
            pooled.add(Pool.globalAvgPool2d(Activation.leakyRelu(h, PreActResBlock.LEAKY_SLOPE)));
        }
        NDArray features = pooled.size() == 1 ? pooled.head() : NDArrays.concat(pooled, 1);
        NDArray h = hidden.forward(ps, new NDList(features), training).singletonOrThrow();
        return output.forward(ps, new NDList(Activation.leakyRelu(h, PreActResBlock.LEAKY_SLOPE)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), featureDim)};
    }
}
