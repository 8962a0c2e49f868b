package clel.spark;

import java.io.Serializable;

/**
 * A run of consecutive images of one image set, the unit of work shipped to an executor: images
 * {@code [first, first + count)} of set {@code set}, (count, C, H, W) either as unsigned bytes (read as
 * {@code byte / 255}, exactly as the core's {@code BatchSampler} turns data-set bytes into network input) or as
 * float32 values in [0, 1] (samples kept as floats).
 *
 * @param set    index of the image set the chunk belongs to (e.g. in-distribution 0, OOD sets 1..)
 * @param index  the chunk's position within its set
 * @param first  index of the chunk's first image within its set
 * @param count  images in the chunk
 * @param shape  (C, H, W)
 * @param bytes  count*C*H*W unsigned bytes in NCHW order, or null
 * @param floats count*C*H*W floats in NCHW order, or null (exactly one of bytes and floats is given)
 */
public record ImageChunk(int set, int index, int first, int count, int[] shape, byte[] bytes, float[] floats)
        implements Serializable {
    private static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            BYTE_TO_UNIT[v] = v / 255f; // the same table as clel.data.BatchSampler
        }
    }

    public ImageChunk {
        if ((bytes == null) == (floats == null)) {
            throw new IllegalArgumentException("an image chunk holds either bytes or floats");
        }
    }

    /** The images as the networks' input: (count, C, H, W) floats in [0, 1], flattened. */
    public float[] pixels() {
        if (floats != null) {
            return floats;
        }
        float[] out = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_UNIT[bytes[i] & 0xff];
        }
        return out;
    }
}
