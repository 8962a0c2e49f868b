package clel.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One batch prepared by {@link BatchPrefetcher}: batch t of a {@link BatchSampler} as floats.
 * The arrays are owned by this record and must not be modified.
 *
 * @param iteration global iteration t
 * @param indices   the B image indices ({@link BatchSampler#indices(long)})
 * @param labels    the B class labels
 * @param pixels    B*C*H*W floats byte/255 in [0, 1], layout (B, C, H, W)
 * @param channels  C
 * @param height    H
 * @param width     W
 */
public record PreparedBatch(long iteration, int[] indices, int[] labels, float[] pixels,
                            int channels, int height, int width) {
    /**
     * Checks that indices, labels and pixels describe the same B images of C x H x W.
     *
     * @param iteration global iteration t
     * @param indices   the B image indices ({@link BatchSampler#indices(long)})
     * @param labels    the B class labels
     * @param pixels    B*C*H*W floats byte/255 in [0, 1], layout (B, C, H, W)
     * @param channels  C
     * @param height    H
     * @param width     W
     */
    public PreparedBatch {
        if (indices.length != labels.length) {
            throw new IllegalArgumentException("prepared batch " + iteration + ": " + indices.length
                    + " indices but " + labels.length + " labels");
        }
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("prepared batch " + iteration + ": image size must be positive, got "
                    + channels + "x" + height + "x" + width);
        }
        if ((long) indices.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("prepared batch " + iteration + ": " + pixels.length
                    + " pixel values for " + indices.length + " images of " + channels + "x" + height + "x" + width);
        }
    }

    /** @return B, the number of images */
    public int size() {
        return indices.length;
    }

    /**
     * @param manager the manager of the result
     * @return the pixels as a float32 NDArray (B, C, H, W) on {@code manager} (the caller closes it)
     */
    public NDArray toNDArray(NDManager manager) {
        return manager.create(pixels, new Shape(indices.length, channels, height, width));
    }
}
