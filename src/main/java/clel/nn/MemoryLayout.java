package clel.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The channels-last memory layout (NHWC) for the activations of a convolutional trunk (model.channels_last).
 *
 * <p>libtorch's CPU convolutions (oneDNN) run on NHWC data without reordering it to and from their blocked format,
 * and leaky ReLU, average pooling, batch norm and addition keep the layout, so a trunk whose input is channels-last
 * stays channels-last to its output. DJL exposes no memory-format argument; this class obtains the layout from
 * views and one copy: permute (B, C, H, W) to (B, H, W, C), reshape to (B*H*W, C) (a copy in NHWC order unless the
 * data are already in it), and permute the (B, H, W, C) view back. The result has the shape (B, C, H, W), the same
 * values, and NHWC strides, which torch recognises as channels-last. Gradients flow back through the views.
 *
 * <p>A tensor with one channel has no distinct NHWC layout (its strides are read as contiguous), so a trunk with a
 * one-channel input applies this again after its stem; on a tensor that is already channels-last it copies nothing.
 * The arithmetic is the same; only its order inside the kernels differs, so results agree with the contiguous
 * layout to float32 rounding, not bit for bit.
 *
 * <p>Only the EBM's trunk f uses it (every convolution there has at least 32 output channels). The ResNet-18 encoder h
 * stays contiguous: with the libtorch of DJL 0.36 (2.7.1, CPU), the weight gradient of a 1x1 stride-2 convolution with
 * 4 input channels on NHWC input at 32x32 or 24x24 (oneDNN's jit_avx2_1x1_convolution_bwd_weights, as h's downsampling
 * shortcut at model.encoder_width=4) did not return within a minute, on 1 and 2 threads, where the contiguous layout
 * takes 56 ms; 8 or more input channels returned at once. On an AVX-512 host the same convolution with 4 or 8 input
 * channels corrupted the heap (glibc's "free(): invalid next size", then SIGSEGV; docs/host-kernels.md).
 */
public final class MemoryLayout {
    private MemoryLayout() {
    }

    /**
     * @param x (B, C, H, W)
     * @return x's values as (B, C, H, W) in channels-last layout, in x's manager
     */
    public static NDArray channelsLast(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("channels-last needs (B, C, H, W), got " + s);
        }
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.transpose(0, 2, 3, 1).reshape(b * h * w, c).reshape(b, h, w, c).transpose(0, 3, 1, 2);
    }

    /** {@link #channelsLast} when {@code enabled}, else x itself. */
    public static NDArray apply(NDArray x, boolean enabled) {
        return enabled ? channelsLast(x) : x;
    }
}
