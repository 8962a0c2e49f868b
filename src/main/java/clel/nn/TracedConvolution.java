package clel.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * One convolution a network ran while a {@link ConvolutionTrace} was open: copies of its input (the first few images,
 * in the input's memory layout) and of its weight, owned by the trace's manager.
 *
 * @param network the traced network's name (e.g. "f", "h")
 * @param input   (b, in, H, W), b at most the trace's batch
 * @param weight  (out, in, k, k)
 * @param stride  stride in both directions
 * @param padding zero padding on each side
 */
public record TracedConvolution(String network, NDArray input, NDArray weight, int stride, int padding) {

    /** Whether two traced convolutions are the same call: network, shapes, stride and padding. */
    String key() {
        return network + " " + input.getShape() + " " + weight.getShape() + " " + stride + " " + padding;
    }

    /** For example "f: 3x3 stride 1, 3 -> 32 channels, input 4x3x32x32". */
    public String describe() {
        Shape w = weight.getShape();
        Shape x = input.getShape();
        return String.format("%s: %dx%d stride %d, %d -> %d channels, input %dx%dx%dx%d", network, w.get(2), w.get(3),
                stride, w.get(1), w.get(0), x.get(0), x.get(1), x.get(2), x.get(3));
    }
}
