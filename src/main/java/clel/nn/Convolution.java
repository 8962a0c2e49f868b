package clel.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Every 2-D convolution of the project ({@link Conv2dLayer}, {@link SpectralConv2d}, the bench's peak measurement):
 * square stride and zero padding, no dilation, one group, computed by libtorch's convolution op.
 *
 * <p><b>Shapes routed around a oneDNN defect.</b> With libtorch 2.7.1 (DJL 0.36) on AVX-512 hosts and more than one
 * intra-op thread, the input gradient (oneDNN's backward-data kernel) of a k x k convolution with k &gt; 1 whose
 * output channels are not a multiple of 16 comes out as NaN or as values that change from run to run: at stride 1
 * whatever the input channels, spatial size or batch (batch 1 does not reach oneDNN), at stride 2 from one input
 * channel. The forward pass and the weight gradient are clean, and so are 1x1 convolutions and every output channel
 * count that is a multiple of 16 (the matrix in {@code KernelMatrixTest}; the raw reproducer in
 * {@code OneDnnBackwardDataDefectTest}). Such a convolution runs here with its weight padded by zero filters to the
 * next multiple of {@link #CHANNEL_MULTIPLE} output channels, and the extra output channels are dropped. The sums are
 * the same, so the result equals the plain convolution to
 * float32 rounding, forward and backward; the backward-data kernel then sees a channel count it computes correctly.
 * Every convolution of the paper's networks and of the presets has a multiple of 16 output channels and takes the
 * plain call; the padded one serves narrow networks (model.encoder_width below 16, small classifiers, tests).
 */
public final class Convolution {
    /** Output channel counts that are multiples of this take the plain call for every kernel and stride. */
    public static final int CHANNEL_MULTIPLE = 16;

    private Convolution() {
    }

    /**
     * The convolution, padded where the shape needs it ({@link #needsChannelPadding}). While a {@link ConvolutionTrace}
     * is open on this thread, the call is recorded in it.
     *
     * @param x       (B, in, H, W), contiguous or channels-last
     * @param w       (out, in, k, k)
     * @param b       (out) or null
     * @param stride  stride in both directions
     * @param padding zero padding on each side
     * @return (B, out, floor((H + 2p - k)/s) + 1, floor((W + 2p - k)/s) + 1), in x's manager
     */
    public static NDList apply(NDArray x, NDArray w, NDArray b, int stride, int padding) {
        ConvolutionTrace.record(x, w, stride, padding);
        Shape ws = w.getShape();
        if (!needsChannelPadding((int) ws.get(0), (int) ws.get(2))) {
            return plain(x, w, b, stride, padding);
        }
        return channelPadded(x, w, b, stride, padding);
    }

    /**
     * Whether a convolution with {@code outChannels} and a square kernel runs channel-padded: every kernel larger than
     * 1x1 whose output channels are not a multiple of 16, at any stride (stride 2 fails only from 1 input channel, but
     * padding a narrow layer costs little).
     */
    public static boolean needsChannelPadding(int outChannels, int kernel) {
        return kernel > 1 && outChannels % CHANNEL_MULTIPLE != 0;
    }

    /** libtorch's convolution op as it is, for every shape (the reproducer and the comparisons use it). */
    public static NDList plain(NDArray x, NDArray w, NDArray b, int stride, int padding) {
        return x.getNDArrayInternal().convolution(x, w, b, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(1, 1), 1);
    }

    /**
     * The convolution with p zero filters in front of w (and p zeros in front of b), so that the filters number a
     * multiple of {@link #CHANNEL_MULTIPLE}; output channels p.. are the result. The zeros come first so that each
     * concatenation, and with it every temporary, belongs to x's manager rather than to the parameters'.
     */
    static NDList channelPadded(NDArray x, NDArray w, NDArray b, int stride, int padding) {
        Shape ws = w.getShape();
        long out = ws.get(0);
        long extra = (out + CHANNEL_MULTIPLE - 1) / CHANNEL_MULTIPLE * CHANNEL_MULTIPLE - out;
        NDManager scope = x.getManager();
        NDArray zeros = scope.zeros(new Shape(extra, ws.get(1), ws.get(2), ws.get(3)), w.getDataType(), w.getDevice());
        NDArray wPadded = zeros.concat(w, 0);
        NDArray bPadded = b == null ? null
                : scope.zeros(new Shape(extra), b.getDataType(), b.getDevice()).concat(b, 0);
        NDArray y = plain(x, wPadded, bPadded, stride, padding).singletonOrThrow();
        return new NDList(y.get(new NDIndex(":, {}:", extra)));
    }
}
