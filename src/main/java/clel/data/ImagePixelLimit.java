package clel.data;

/**
 * The most pixels (width x height) one image of a data set may have ({@code data.max_image_pixels}). Readers check it
 * from an image's header before decoding it: a PNG of a few megabytes can declare 20000 x 20000 pixels, gigabytes once
 * decoded.
 */
public final class ImagePixelLimit {
    /** Default pixel limit of one image (data.max_image_pixels): 4096 x 4096. */
    public static final int DEFAULT_MAX_PIXELS = 4096 * 4096;
    /** Largest pixel limit accepted: 16384 x 16384 (one such image takes gigabytes once decoded). */
    public static final int MAX_PIXELS_LIMIT = 16384 * 16384;

    private ImagePixelLimit() {
    }

    /**
     * Validates a pixel limit of one image: 1 to {@link #MAX_PIXELS_LIMIT}.
     *
     * @param maxPixels the limit to check
     * @return {@code maxPixels}
     * @throws IllegalArgumentException saying the allowed range
     */
    public static long check(long maxPixels) {
        if (maxPixels < 1 || maxPixels > MAX_PIXELS_LIMIT) {
            throw new IllegalArgumentException("the pixel limit of one image must be 1.." + MAX_PIXELS_LIMIT
                    + " (16384 x 16384), got " + maxPixels);
        }
        return maxPixels;
    }
}
