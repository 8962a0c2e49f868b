package clel.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Batch normalization over axis 1 of (B, C) or (B, C, H, W) inputs, with PyTorch's defaults:
 * momentum 0.1 for the running statistics (DJL's convention calls this 0.9), epsilon 1e-5.
 * Training mode normalizes with batch statistics and updates the running ones in place;
 * evaluation mode uses the running statistics.
 */
public final class BatchNormLayer extends ExplicitShapeBlock {
    private static final byte VERSION = 1;
    /** DJL momentum: running = momentum * running + (1 - momentum) * batch; 0.9 equals torch's 0.1. */
    private static final float DJL_MOMENTUM = 0.9f;
    private static final float EPSILON = 1e-5f;

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /**
     * @param channels   C
     * @param zeroGamma  initialize the scale to 0 instead of 1 (zero-initialized residual branches)
     */
    public BatchNormLayer(int channels, boolean zeroGamma) {
        super(VERSION);
        Shape s = new Shape(channels);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(s)
                .optInitializer(zeroGamma ? Initializer.ZEROS : Initializer.ONES).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optShape(s)
                .optInitializer(Initializer.ZEROS).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(s).optInitializer(Initializer.ZEROS).optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optShape(s).optInitializer(Initializer.ONES).optRequiresGrad(false).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device d = x.getDevice();
        return BatchNorm.batchNorm(x, ps.getValue(runningMean, d, training), ps.getValue(runningVar, d, training),
                ps.getValue(gamma, d, training), ps.getValue(beta, d, training), 1, DJL_MOMENTUM, EPSILON, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
