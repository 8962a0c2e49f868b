package clel.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's {@code RandomResizedCrop.get_params}: the random crop box of the SimCLR augmentation.
 *
 * <p>Up to {@value #ATTEMPTS} attempts draw a target area {@code A * U(scaleMin, scaleMax)} and an aspect
 * ratio {@code exp(U(log ratioMin, log ratioMax))}, round {@code w = round(sqrt(area * ratio))} and
 * {@code h = round(sqrt(area / ratio))} half-to-even (as Python's {@code round}), and accept the first
 * box that fits, placing it uniformly ({@code top ~ U{0..H-h}}, {@code left ~ U{0..W-w}}). When no attempt
 * fits, the fallback is the central crop with the image's aspect ratio clamped to [ratioMin, ratioMax].
 * Because of the rounding, an accepted box's area fraction and aspect ratio may miss the bounds by the
 * rounding error (about one pixel per side).
 *
 * <p>The randomness is separated from the decoding: {@link #fromUniforms} is deterministic in
 * {@value #UNIFORMS_PER_IMAGE} uniforms in [0, 1) per image; {@link #sample} draws those uniforms from
 * the engine's RNG (so {@code Engine.setRandomSeed} makes it reproducible).
 *
 * @param scaleMin lower bound of the area fraction, in (0, scaleMax]
 * @param scaleMax upper bound of the area fraction, in [scaleMin, 1]
 * @param ratioMin lower bound of the aspect ratio w / h, positive
 * @param ratioMax upper bound of the aspect ratio w / h, at least ratioMin
 */
public record ResizedCropSampler(double scaleMin, double scaleMax, double ratioMin, double ratioMax) {

    /** Number of area/ratio attempts before the central-crop fallback (torchvision: 10). */
    public static final int ATTEMPTS = 10;
    /** Uniforms consumed per image: area, log-ratio, top and left for each attempt. */
    public static final int UNIFORMS_PER_IMAGE = 4 * ATTEMPTS;

    /** Validates the bounds. */
    public ResizedCropSampler {
        if (!(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1)) {
            throw new IllegalArgumentException("resized crop: scale bounds must satisfy 0 < min <= max <= 1, got ("
                    + scaleMin + ", " + scaleMax + ")");
        }
        if (!(ratioMin > 0 && ratioMin <= ratioMax && Double.isFinite(ratioMax))) {
            throw new IllegalArgumentException("resized crop: ratio bounds must satisfy 0 < min <= max, got ("
                    + ratioMin + ", " + ratioMax + ")");
        }
    }

    /** @return SimCLR's sampler: scale (0.08, 1), ratio (3/4, 4/3) */
    public static ResizedCropSampler simclr() {
        return new ResizedCropSampler(0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
    }

    /**
     * Decodes one crop box from uniforms (deterministic).
     *
     * @param height   H of the image
     * @param width    W of the image
     * @param uniforms values in [0, 1)
     * @param offset   index of this image's first uniform; {@value #UNIFORMS_PER_IMAGE} are read
     * @return the crop box, inside the H x W image
     */
    public CropBox fromUniforms(int height, int width, float[] uniforms, int offset) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("resized crop: image size must be positive, got " + height + "x" + width);
        }
        if (offset < 0 || offset + UNIFORMS_PER_IMAGE > uniforms.length) {
            throw new IllegalArgumentException("resized crop: need " + UNIFORMS_PER_IMAGE + " uniforms from offset "
                    + offset + ", have " + uniforms.length);
        }
        double area = (double) height * width;
        double logMin = StrictMath.log(ratioMin);
        double logMax = StrictMath.log(ratioMax);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int o = offset + 4 * attempt;
            double targetArea = area * (scaleMin + (scaleMax - scaleMin) * uniforms[o]);
            double ratio = StrictMath.exp(logMin + (logMax - logMin) * uniforms[o + 1]);
            int w = (int) Math.rint(Math.sqrt(targetArea * ratio));
            int h = (int) Math.rint(Math.sqrt(targetArea / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = uniformInteger(uniforms[o + 2], height - h + 1);
                int left = uniformInteger(uniforms[o + 3], width - w + 1);
                return new CropBox(top, left, h, w);
            }
        }
        return centralFallback(height, width);
    }

    /**
     * The central crop used when all attempts fail.
     *
     * @param height H of the image
     * @param width  W of the image
     * @return the centred box with the image's aspect ratio clamped to [ratioMin, ratioMax]
     */
    public CropBox centralFallback(int height, int width) {
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < ratioMin) {
            w = width;
            h = Math.max(1, Math.min(height, (int) Math.rint(w / ratioMin)));
        } else if (inRatio > ratioMax) {
            h = height;
            w = Math.max(1, Math.min(width, (int) Math.rint(h * ratioMax)));
        } else {
            w = width;
            h = height;
        }
        return new CropBox((height - h) / 2, (width - w) / 2, h, w);
    }

    /**
     * Draws one crop box per image from the engine's RNG.
     *
     * @param manager manager whose device draws the uniforms (the temporary array is closed)
     * @param batch   B, number of boxes
     * @param height  H of the images
     * @param width   W of the images
     * @return B boxes
     */
    public List<CropBox> sample(NDManager manager, int batch, int height, int width) {
        float[] u = drawUniforms(manager, batch, UNIFORMS_PER_IMAGE);
        List<CropBox> boxes = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            boxes.add(fromUniforms(height, width, u, b * UNIFORMS_PER_IMAGE));
        }
        return boxes;
    }

    /** Draws a (rows, columns) block of U[0, 1) from the engine's RNG and copies it to the host. */
    static float[] drawUniforms(NDManager manager, int rows, int columns) {
        if (rows == 0) {
            return new float[0];
        }
        try (NDArray u = manager.randomUniform(0f, 1f, new Shape(rows, columns), DataType.FLOAT32)) {
            return u.toFloatArray();
        }
    }

    /** {@code floor(u * n)} clamped to {@code [0, n - 1]}: a uniform integer in {0, ..., n-1}. */
    static int uniformInteger(float u, int n) {
        return Math.min(n - 1, Math.max(0, (int) Math.floor((double) u * n)));
    }
}
