package clel.sampling;

/**
 * Conversion of images in [0, 1] to 8-bit values as the public code does: floor(x * 256) clamped to [0, 255].
 */
public final class ImageBytes {
    private ImageBytes() {
    }

    /**
     * @param x a value in [0, 1]
     * @return floor(x * 256) clamped to [0, 255]
     */
    public static int quantize(float x) {
        return Math.max(0, Math.min(255, (int) Math.floor(x * 256f)));
    }

    /**
     * (N, C, H, W) floats to (N, H, W, C) bytes, the layout image tools and NumPy users expect.
     *
     * @param nchw the images, values in [0, 1]
     * @param n    N
     * @param c    C
     * @param h    H
     * @param w    W
     * @return the quantized images, (N, H, W, C)
     */
    public static byte[] toNhwc(float[] nchw, int n, int c, int h, int w) {
        byte[] out = new byte[n * c * h * w];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        out[((i * h + y) * w + x) * c + ch] = (byte) quantize(nchw[((i * c + ch) * h + y) * w + x]);
                    }
                }
            }
        }
        return out;
    }
}
