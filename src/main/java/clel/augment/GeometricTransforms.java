package clel.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * Deterministic geometric transforms of an image batch of shape (B, C, H, W), applied per image with
 * given parameters (the random sampling lives in {@link AugmentationDraw} and {@link ResizedCropSampler}).
 *
 * <p>Spatial resampling is separable: output = R_b . x_b . C_b^T with a per-image row matrix R_b of shape
 * (H_out, H_in) and column matrix C_b of shape (W_out, W_in), computed as two batched matmuls on the
 * input's device. Horizontal flips are folded into C_b (its rows reversed) when combined with a crop.
 * Every method returns a new array in the input's manager; temporaries are closed.
 */
public final class GeometricTransforms {
    /** Coefficient A of the cubic convolution kernel (PIL's and torch's antialiased bicubic). */
    public static final double CUBIC_A = -0.5;

    private GeometricTransforms() {
    }

    /**
     * Cubic convolution kernel with A = {@value #CUBIC_A} (Keys 1981), as in PIL's BICUBIC filter.
     *
     * @param x distance in source pixels
     * @return the kernel weight; support is [-2, 2]
     */
    public static double cubic(double x) {
        double t = Math.abs(x);
        if (t < 1) {
            return ((CUBIC_A + 2) * t - (CUBIC_A + 3)) * t * t + 1;
        }
        if (t < 2) {
            return (((t - 5) * t + 8) * t - 4) * CUBIC_A;
        }
        return 0;
    }

    /**
     * The bicubic interpolation matrix that resizes the segment {@code [start, start + length)} of a
     * line of {@code inSize} pixels to {@code outSize} pixels, as PIL's {@code Image.crop(...).resize(...,
     * BICUBIC)} (half-pixel centres, kernel widened by the scale when shrinking, taps outside the crop
     * dropped and the remaining weights renormalized to sum 1). The same as torch's
     * {@code interpolate(mode="bicubic", antialias=True)} on the cropped tensor.
     *
     * @return row-major (outSize, inSize) weights; columns outside the segment are 0
     */
    public static float[] bicubicMatrix(int inSize, int start, int length, int outSize) {
        if (inSize <= 0 || outSize <= 0 || length <= 0 || start < 0 || start + length > inSize) {
            throw new IllegalArgumentException("bicubic matrix: segment [" + start + ", " + (start + length)
                    + ") must lie in [0, " + inSize + ") and sizes must be positive (out " + outSize + ")");
        }
        float[] m = new float[outSize * inSize];
        double scale = (double) length / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = 2.0 * filterScale;
        double inverse = 1.0 / filterScale;
        double[] weights = new double[(int) Math.ceil(2 * support) + 2];
        for (int o = 0; o < outSize; o++) {
            double center = (o + 0.5) * scale;
            int lo = Math.max(0, (int) (center - support + 0.5));
            int hi = Math.min(length, (int) (center + support + 0.5));
            double total = 0;
            for (int i = lo; i < hi; i++) {
                double w = cubic((i - center + 0.5) * inverse);
                weights[i - lo] = w;
                total += w;
            }
            for (int i = lo; i < hi; i++) {
                double w = total != 0 ? weights[i - lo] / total : 0;
                m[o * inSize + start + i] = (float) w;
            }
        }
        return m;
    }

    /**
     * Crops each image to its box and resizes it back to H x W with bicubic interpolation
     * ({@link #bicubicMatrix}), clamping the result to [0, 1] (the over/undershoot of the cubic kernel;
     * PIL clamps to 8 bits the same way).
     *
     * @param images (B, C, H, W) float32
     * @param boxes  B crop boxes inside H x W
     * @return (B, C, H, W)
     */
    public static NDArray resizedCrop(NDArray images, List<CropBox> boxes) {
        return resizedCrop(images, boxes, new boolean[boxes.size()]);
    }

    /**
     * {@link #resizedCrop(NDArray, List)} followed by a horizontal flip of the images whose
     * {@code flip} entry is true, in one resampling.
     *
     * @param images (B, C, H, W) float32
     * @param boxes  B crop boxes inside H x W
     * @param flip   B flags
     * @return (B, C, H, W)
     */
    public static NDArray resizedCrop(NDArray images, List<CropBox> boxes, boolean[] flip) {
        int[] d = ImageScope.check(images, "resized crop");
        ImageScope.checkLength(boxes.size(), d[0], "resized crop", "boxes");
        ImageScope.checkLength(flip.length, d[0], "resized crop", "flip mask");
        return ImageScope.run(images, x -> resizedCropIn(x, boxes, flip));
    }

    /** {@link #resizedCrop(NDArray, List, boolean[])} inside the caller's scope (results in x's manager). */
    static NDArray resizedCropIn(NDArray x, List<CropBox> boxes, boolean[] flip) {
        int batch = (int) x.getShape().get(0);
        int height = (int) x.getShape().get(2);
        int width = (int) x.getShape().get(3);
        float[] rows = new float[batch * height * height];
        float[] columnsT = new float[batch * width * width];
        for (int b = 0; b < batch; b++) {
            CropBox box = boxes.get(b);
            if (!box.fitsIn(height, width)) {
                throw new IllegalArgumentException("resized crop: box " + b + " " + box
                        + " does not fit in a " + height + "x" + width + " image");
            }
            float[] r = bicubicMatrix(height, box.top(), box.height(), height);
            System.arraycopy(r, 0, rows, b * height * height, r.length);
            float[] c = bicubicMatrix(width, box.left(), box.width(), width);
            putTransposed(c, width, width, flip[b], columnsT, b * width * width);
        }
        return separable(x, rows, columnsT, height, width).clip(0f, 1f);
    }

    /**
     * Flips the images whose mask entry is true left-right (exactly: a selection, no arithmetic).
     *
     * @param images (B, C, H, W) float32
     * @param mask   B flags
     * @return (B, C, H, W)
     */
    public static NDArray flipHorizontal(NDArray images, boolean[] mask) {
        int[] d = ImageScope.check(images, "horizontal flip");
        ImageScope.checkLength(mask.length, d[0], "horizontal flip", "mask");
        return ImageScope.run(images, x -> {
            NDArray condition = ImageScope.mask(x.getManager(), mask, x.getShape());
            return NDArrays.where(condition, x.flip(3), x);
        });
    }

    /**
     * Reflect-pads each image by {@code padding} pixels on every side (torch "reflect": the edge pixel is
     * not repeated) and crops an H x W window whose top-left corner in the padded image is
     * ({@code tops[b]}, {@code lefts[b]}), then flips the images whose {@code flip} entry is true.
     * Offsets (padding, padding) give back the input. Exact (selection matrices of zeros and ones).
     *
     * @param images  (B, C, H, W) float32
     * @param padding p, in [0, min(H, W) - 1]
     * @param tops    B offsets in [0, 2p]
     * @param lefts   B offsets in [0, 2p]
     * @param flip    B flags
     * @return (B, C, H, W)
     */
    public static NDArray reflectPadCrop(NDArray images, int padding, int[] tops, int[] lefts, boolean[] flip) {
        int[] d = ImageScope.check(images, "pad-crop");
        int batch = d[0];
        int height = d[2];
        int width = d[3];
        checkPadCrop(padding, tops, lefts, flip, batch, height, width);
        return ImageScope.run(images, x -> reflectPadCropIn(x, padding, tops, lefts, flip));
    }

    static void checkPadCrop(int padding, int[] tops, int[] lefts, boolean[] flip, int batch, int height, int width) {
        if (padding < 0 || padding >= height || padding >= width) {
            throw new IllegalArgumentException("pad-crop: reflect padding must be in [0, min(H, W) - 1], got "
                    + padding + " for " + height + "x" + width + " images");
        }
        ImageScope.checkLength(tops.length, batch, "pad-crop", "tops");
        ImageScope.checkLength(lefts.length, batch, "pad-crop", "lefts");
        ImageScope.checkLength(flip.length, batch, "pad-crop", "flip mask");
        for (int b = 0; b < batch; b++) {
            if (tops[b] < 0 || tops[b] > 2 * padding || lefts[b] < 0 || lefts[b] > 2 * padding) {
                throw new IllegalArgumentException("pad-crop: offsets of image " + b + " (" + tops[b] + ", "
                        + lefts[b] + ") must lie in [0, " + 2 * padding + "]");
            }
        }
    }

    /** {@link #reflectPadCrop} inside the caller's scope. */
    static NDArray reflectPadCropIn(NDArray x, int padding, int[] tops, int[] lefts, boolean[] flip) {
        int batch = (int) x.getShape().get(0);
        int height = (int) x.getShape().get(2);
        int width = (int) x.getShape().get(3);
        float[] rows = new float[batch * height * height];
        float[] columnsT = new float[batch * width * width];
        for (int b = 0; b < batch; b++) {
            for (int y = 0; y < height; y++) {
                rows[b * height * height + y * height + reflect(y + tops[b] - padding, height)] = 1f;
            }
            for (int c = 0; c < width; c++) {
                int source = reflect(c + lefts[b] - padding, width);
                int target = flip[b] ? width - 1 - c : c;
                columnsT[b * width * width + source * width + target] = 1f;
            }
        }
        return separable(x, rows, columnsT, height, width);
    }

    /**
     * Index of the pixel that torch's "reflect" padding places at {@code index} of a line of
     * {@code size} pixels, for {@code -size < index < 2 * size - 1}.
     */
    public static int reflect(int index, int size) {
        if (size == 1) {
            return 0;
        }
        int i = index;
        if (i < 0) {
            i = -i;
        }
        if (i >= size) {
            i = 2 * (size - 1) - i;
        }
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException("reflect: index " + index + " is too far outside a line of " + size);
        }
        return i;
    }

    /** Writes the transpose of row-major (rows, cols) {@code m}, optionally with rows reversed first. */
    private static void putTransposed(float[] m, int rows, int cols, boolean reverseRows, float[] out, int offset) {
        for (int r = 0; r < rows; r++) {
            int target = reverseRows ? rows - 1 - r : r;
            for (int c = 0; c < cols; c++) {
                out[offset + c * rows + target] = m[r * cols + c];
            }
        }
    }

    /**
     * out_b = R_b . x_b . C_b^T for every channel, with {@code rows} = R of shape (B, H_out, H_in) and
     * {@code columnsT} = C^T of shape (B, W_in, W_out), row-major.
     */
    private static NDArray separable(NDArray x, float[] rows, float[] columnsT, int outHeight, int outWidth) {
        NDManager manager = x.getManager();
        long batch = x.getShape().get(0);
        long inHeight = x.getShape().get(2);
        long inWidth = x.getShape().get(3);
        NDArray r = manager.create(rows, new Shape(batch, 1, outHeight, inHeight));
        NDArray c = manager.create(columnsT, new Shape(batch, 1, inWidth, outWidth));
        return r.matMul(x).matMul(c);
    }
}
