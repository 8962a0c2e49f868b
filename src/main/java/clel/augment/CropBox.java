package clel.augment;

/**
 * A crop rectangle in pixel coordinates of one image: rows {@code [top, top + height)} and columns
 * {@code [left, left + width)} (torchvision's {@code (i, j, h, w)}).
 *
 * @param top    first row, at least 0
 * @param left   first column, at least 0
 * @param height number of rows, at least 1
 * @param width  number of columns, at least 1
 */
public record CropBox(int top, int left, int height, int width) {

    /** Validates the box: non-negative origin and positive size. */
    public CropBox {
        if (top < 0 || left < 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("crop box needs top, left >= 0 and height, width >= 1, got "
                    + describe(top, left, height, width));
        }
    }

    /**
     * @param imageHeight H of the image
     * @param imageWidth  W of the image
     * @return the box covering the whole H x W image
     */
    public static CropBox full(int imageHeight, int imageWidth) {
        return new CropBox(0, 0, imageHeight, imageWidth);
    }

    /**
     * @param imageHeight H of the image
     * @param imageWidth  W of the image
     * @return whether the box lies inside an H x W image
     */
    public boolean fitsIn(int imageHeight, int imageWidth) {
        return top + height <= imageHeight && left + width <= imageWidth;
    }

    /** @return {@code height * width / (imageHeight * imageWidth)}, the fraction of the image area covered */
    public double areaFraction(int imageHeight, int imageWidth) {
        return (double) height * width / ((double) imageHeight * imageWidth);
    }

    /** @return the aspect ratio {@code width / height} */
    public double aspectRatio() {
        return (double) width / height;
    }

    private static String describe(int t, int l, int h, int w) {
        return "(top " + t + ", left " + l + ", height " + h + ", width " + w + ")";
    }
}
