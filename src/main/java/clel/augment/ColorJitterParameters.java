package clel.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * Per-image parameters of torchvision's {@code ColorJitter} for a batch of B images: one factor of each
 * {@link JitterOp} per image and the order in which each image gets the four adjustments. An image that
 * is not jittered has the identity factors (1, 1, 1, 0), which leave it exactly unchanged.
 *
 * @param brightness B factors, finite and non-negative
 * @param contrast   B factors, finite and non-negative
 * @param saturation B factors, finite and non-negative
 * @param hue        B hue shifts in turns, in [-0.5, 0.5]
 * @param order      B permutations of the four {@link JitterOp}s
 */
public record ColorJitterParameters(float[] brightness, float[] contrast, float[] saturation, float[] hue,
                                    List<List<JitterOp>> order) {

    /** Validates lengths, ranges and permutations and takes defensive copies. */
    public ColorJitterParameters {
        int batch = brightness.length;
        ImageScope.checkLength(contrast.length, batch, "colour jitter", "contrast factors");
        ImageScope.checkLength(saturation.length, batch, "colour jitter", "saturation factors");
        ImageScope.checkLength(hue.length, batch, "colour jitter", "hue shifts");
        ImageScope.checkLength(order.size(), batch, "colour jitter", "orders");
        for (int b = 0; b < batch; b++) {
            checkFactor(brightness[b], "brightness", b);
            checkFactor(contrast[b], "contrast", b);
            checkFactor(saturation[b], "saturation", b);
            if (!(hue[b] >= -0.5f && hue[b] <= 0.5f)) {
                throw new IllegalArgumentException("colour jitter: hue shift of image " + b
                        + " must be in [-0.5, 0.5], got " + hue[b]);
            }
            List<JitterOp> ops = order.get(b);
            if (ops.size() != 4 || !EnumSet.copyOf(ops).equals(EnumSet.allOf(JitterOp.class))) {
                throw new IllegalArgumentException("colour jitter: order of image " + b
                        + " must be a permutation of " + List.of(JitterOp.values()) + ", got " + ops);
            }
        }
        brightness = brightness.clone();
        contrast = contrast.clone();
        saturation = saturation.clone();
        hue = hue.clone();
        List<List<JitterOp>> copy = new ArrayList<>(batch);
        for (List<JitterOp> ops : order) {
            copy.add(List.copyOf(ops));
        }
        order = List.copyOf(copy);
    }

    /**
     * @param batch B
     * @return parameters that leave all B images unchanged
     */
    public static ColorJitterParameters identity(int batch) {
        float[] ones = new float[batch];
        Arrays.fill(ones, 1f);
        List<List<JitterOp>> order = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            order.add(List.of(JitterOp.values()));
        }
        return new ColorJitterParameters(ones, ones, ones, new float[batch], order);
    }

    /** @return B, the number of images */
    public int batch() {
        return brightness.length;
    }

    /** @return the factor of {@code op} for image {@code b} */
    public float factor(JitterOp op, int b) {
        return switch (op) {
            case BRIGHTNESS -> brightness[b];
            case CONTRAST -> contrast[b];
            case SATURATION -> saturation[b];
            case HUE -> hue[b];
        };
    }

    @Override
    public float[] brightness() {
        return brightness.clone();
    }

    @Override
    public float[] contrast() {
        return contrast.clone();
    }

    @Override
    public float[] saturation() {
        return saturation.clone();
    }

    @Override
    public float[] hue() {
        return hue.clone();
    }

    private static void checkFactor(float value, String name, int b) {
        if (!(value >= 0f && Float.isFinite(value))) {
            throw new IllegalArgumentException("colour jitter: " + name + " factor of image " + b
                    + " must be finite and non-negative, got " + value);
        }
    }
}
