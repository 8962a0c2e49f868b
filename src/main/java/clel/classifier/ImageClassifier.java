package clel.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import clel.nn.BatchNormLayer;
import clel.nn.Conv2dLayer;
import clel.nn.Dense;
import clel.nn.ExplicitShapeBlock;
import clel.nn.Initializers;
import clel.nn.InputNormalization;
import java.util.ArrayList;
import java.util.List;

/**
 * The external classifier's network: a small VGG-style CNN.
 *
 * <pre>
 * x (B, C, H, W) in [0, 1] -> (x - mean) / std, concatenated with 2 coordinate maps  (B, C + 2, H, W)
 *   stage 1: [conv3x3(w) - BN - ReLU] x n, max-pool 2x2      (B, w,  H/2, W/2)
 *   stage 2: [conv3x3(2w) - BN - ReLU] x n, max-pool 2x2     (B, 2w, H/4, W/4)
 *   stage 3: [conv3x3(4w) - BN - ReLU] x n, max-pool 2x2     (B, 4w, H/8, W/8)
 *   global average pool                                     (B, F = 4w)   = features(x)
 *   linear                                                  (B, K)        = logits
 * </pre>
 * H and W must be multiples of 8. K is the number of classes or attributes ({@link ClassifierTarget}).
 *
 * <p>The two coordinate maps (column and row position, each linear from -1 to 1; "CoordConv") let the
 * translation-invariant convolutions and the global pooling still tell where an object is, which position
 * attributes such as the shapes data set's {@code left_half} and {@code top_half} need.
 */
public final class ImageClassifier extends ExplicitShapeBlock {
    private static final byte VERSION = 1;
    /** Total down-sampling factor of the three pooling stages: H and W must be multiples of it. */
    public static final int DOWNSAMPLING = 8;
    private static final int STAGES = 3;
    private static final int COORDINATES = 2;

    private final InputNormalization normalization;
    private final List<Conv2dLayer> convs = new ArrayList<>();
    private final List<BatchNormLayer> norms = new ArrayList<>();
    private final int convsPerStage;
    private final Dense head;
    private final int featureDim;
    private final int outputs;

    /**
     * @param channels      C
     * @param width         w (first stage's channels)
     * @param convsPerStage n, conv-BN-ReLU layers per stage
     * @param outputs       K
     * @param mean          per-channel input mean, length C
     * @param std           per-channel input std, length C
     */
    public ImageClassifier(int channels, int width, int convsPerStage, int outputs, float[] mean, float[] std) {
        super(VERSION);
        if (channels <= 0 || width <= 0 || convsPerStage <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("image classifier: channels " + channels + ", width " + width
                    + ", convs per stage " + convsPerStage + " and outputs " + outputs + " must be positive");
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("image classifier: mean/std need " + channels + " entries, got "
                    + mean.length + "/" + std.length);
        }
        this.normalization = new InputNormalization(mean, std);
        this.convsPerStage = convsPerStage;
        int c = channels + COORDINATES;
        for (int s = 0; s < STAGES; s++) {
            int out = width << s;
            for (int i = 0; i < convsPerStage; i++) {
                String name = "stage" + (s + 1) + "_" + i;
                convs.add(addChildBlock(name + "_conv", new Conv2dLayer(c, out, 3, 1, 1, false,
                        Initializers.KAIMING_NORMAL_FAN_OUT_RELU)));
                norms.add(addChildBlock(name + "_bn", new BatchNormLayer(out, false)));
                c = out;
            }
        }
        this.featureDim = c;
        this.outputs = outputs;
        head = addChildBlock("head", Dense.builder().setFeatures(c, outputs)
                .optWeightInitializer(Initializers.TORCH_DEFAULT).build());
    }

    /** F = 4w. */
    public int featureDim() {
        return featureDim;
    }

    /** K. */
    public int outputs() {
        return outputs;
    }

    /**
     * The penultimate features: globally average-pooled activations of the last stage.
     *
     * @param x (B, C, H, W) in [0, 1], H and W multiples of 8
     * @return (B, F), in x's manager
     */
    public NDArray features(ParameterStore ps, NDArray x, boolean training) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(2) % DOWNSAMPLING != 0 || s.get(3) % DOWNSAMPLING != 0) {
            throw new IllegalArgumentException("image classifier: input must be (B, C, H, W) with H and W multiples of "
                    + DOWNSAMPLING + ", got " + s);
        }
        NDArray h = withCoordinates(normalization.apply(x));
        for (int i = 0; i < convs.size(); i++) {
            NDList y = norms.get(i).forward(ps, convs.get(i).forward(ps, new NDList(h), training), training);
            h = Activation.relu(y.singletonOrThrow());
            if ((i + 1) % convsPerStage == 0) {
                h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            }
        }
        return Pool.globalAvgPool2d(h);
    }

    /** Appends the column and row coordinate maps, each linear in [-1, 1]: (B, C, H, W) to (B, C + 2, H, W). */
    private static NDArray withCoordinates(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        ai.djl.ndarray.NDManager m = x.getManager();
        NDArray cols = m.linspace(-1f, 1f, (int) w).toDevice(x.getDevice(), false).reshape(1, 1, 1, w)
                .broadcast(new Shape(b, 1, h, w));
        NDArray rows = m.linspace(-1f, 1f, (int) h).toDevice(x.getDevice(), false).reshape(1, 1, h, 1)
                .broadcast(new Shape(b, 1, h, w));
        return ai.djl.ndarray.NDArrays.concat(new NDList(x, cols, rows), 1);
    }

    /** The linear head: features (B, F) to logits (B, K). */
    public NDArray logits(ParameterStore ps, NDArray features, boolean training) {
        return head.forward(ps, new NDList(features), training).singletonOrThrow();
    }

    /** Input (B, C, H, W) in [0, 1], output the logits (B, K). */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(logits(ps, features(ps, inputs.singletonOrThrow(), training), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs)};
    }
}
