package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import clel.nn.BatchNormLayer;
import clel.nn.Conv2dLayer;
import clel.nn.ExplicitShapeBlock;
import clel.nn.Initializers;

/**
 * torchvision's ResNet BasicBlock: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), 3x3 bias-free convs,
 * bn2's scale initialized to zero (zero-initialized residual branch), shortcut = 1x1 strided conv + BN when
 * the shape changes. Input (B, in, H, W), output (B, out, H/stride, W/stride).
 */
public final class BasicBlock extends ExplicitShapeBlock {
    private static final byte VERSION = 1;

    private final int out;
    private final int stride;
    private final Conv2dLayer conv1;
    private final BatchNormLayer bn1;
    private final Conv2dLayer conv2;
    private final BatchNormLayer bn2;
    private final Conv2dLayer downConv;
    private final BatchNormLayer downBn;

    public BasicBlock(int in, int out, int stride) {
        super(VERSION);
        this.out = out;
        this.stride = stride;
        conv1 = addChildBlock("conv1", new Conv2dLayer(in, out, 3, stride, 1, false, Initializers.KAIMING_NORMAL_FAN_OUT_RELU));
        bn1 = addChildBlock("bn1", new BatchNormLayer(out, false));
        conv2 = addChildBlock("conv2", new Conv2dLayer(out, out, 3, 1, 1, false, Initializers.KAIMING_NORMAL_FAN_OUT_RELU));
        bn2 = addChildBlock("bn2", new BatchNormLayer(out, true));
        if (stride != 1 || in != out) {
            downConv = addChildBlock("down_conv", new Conv2dLayer(in, out, 1, stride, 0, false,
                    Initializers.KAIMING_NORMAL_FAN_OUT_RELU));
            downBn = addChildBlock("down_bn", new BatchNormLayer(out, false));
        } else {
            downConv = null;
            downBn = null;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList h = conv1.forward(ps, inputs, training);
        h = new NDList(Activation.relu(bn1.forward(ps, h, training).singletonOrThrow()));
        h = bn2.forward(ps, conv2.forward(ps, h, training), training);
        NDArray skip = downConv == null ? inputs.singletonOrThrow()
                : downBn.forward(ps, downConv.forward(ps, inputs, training), training).singletonOrThrow();
        return new NDList(Activation.relu(h.singletonOrThrow().add(skip)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), out, (s.get(2) - 1) / stride + 1, (s.get(3) - 1) / stride + 1)};
    }
}
