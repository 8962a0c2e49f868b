package clel.augment;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The per-batch draw of an {@link Augmenter}'s random parameters: a (B, U) block of uniforms from the engine's RNG
 * ({@link ResizedCropSampler#drawUniforms}), U per image, decoded deterministically into {@link StrongParameters} or
 * {@link WeakParameters}. Every image reads the same positions of its row, so a draw is reproducible from the seed and
 * comparable with the uniforms fed to the PyTorch/kornia references.
 */
final class AugmentationDraw {
    /** Uniforms per image of the strong augmentation: the crop box's, then eleven (see {@link #strongFromUniforms}). */
    static final int STRONG_UNIFORMS_PER_IMAGE = ResizedCropSampler.UNIFORMS_PER_IMAGE + 11;
    /** Uniforms per image of the weak augmentation: row offset, column offset, flip. */
    static final int WEAK_UNIFORMS_PER_IMAGE = 3;

    private AugmentationDraw() {
    }

    /**
     * Draws the parameters of the strong augmentation for B images of size H x W from the engine's RNG.
     *
     * @param settings the augmenter whose distribution is drawn from
     * @param manager  manager whose device draws the uniforms (its temporary is closed)
     */
    static StrongParameters strong(Augmenter settings, NDManager manager, int batch, int height, int width) {
        float[] u = ResizedCropSampler.drawUniforms(manager, batch, STRONG_UNIFORMS_PER_IMAGE);
        return strongFromUniforms(settings, u, batch, height, width);
    }

    /**
     * Decodes strong-augmentation parameters from {@value #STRONG_UNIFORMS_PER_IMAGE} uniforms in [0, 1) per image
     * (deterministic): 40 for the crop box, then flip, jitter-or-not, brightness, contrast, saturation, hue, four keys
     * whose ascending order gives the jitter order, and grayscale. With {@link ColorJitterKind#KORNIA_0_6} the keys of
     * image 0 give one order for the whole batch (the other images' keys are unused, so both kinds read the same
     * uniforms), and the brightness factor's upper bound is capped at 2, as kornia's
     * {@code _range_bound(brightness, center=1, bounds=(0, 2))} does.
     *
     * @param settings the augmenter whose distribution the uniforms are mapped to
     * @param uniforms B x {@value #STRONG_UNIFORMS_PER_IMAGE} uniforms, image after image
     */
    static StrongParameters strongFromUniforms(Augmenter settings, float[] uniforms, int batch, int height, int width) {
        if (uniforms.length != batch * STRONG_UNIFORMS_PER_IMAGE) {
            throw new IllegalArgumentException("strong augmentation: need " + batch * STRONG_UNIFORMS_PER_IMAGE
                    + " uniforms for " + batch + " images, got " + uniforms.length);
        }
        List<CropBox> boxes = new ArrayList<>(batch);
        boolean[] flip = new boolean[batch];
        boolean[] gray = new boolean[batch];
        float[] bright = new float[batch];
        float[] contr = new float[batch];
        float[] satur = new float[batch];
        float[] hues = new float[batch];
        List<List<JitterOp>> order = new ArrayList<>(batch);
        boolean kornia = settings.colorJitter() == ColorJitterKind.KORNIA_0_6;
        double brightnessCap = kornia ? 2.0 : Double.POSITIVE_INFINITY;
        for (int b = 0; b < batch; b++) {
            int o = b * STRONG_UNIFORMS_PER_IMAGE;
            boxes.add(settings.cropSampler().fromUniforms(height, width, uniforms, o));
            o += ResizedCropSampler.UNIFORMS_PER_IMAGE;
            flip[b] = uniforms[o] < settings.flipProbability();
            boolean jitter = uniforms[o + 1] < settings.jitterProbability();
            bright[b] = jitter ? factor(settings.brightness(), uniforms[o + 2], brightnessCap) : 1f;
            contr[b] = jitter ? factor(settings.contrast(), uniforms[o + 3], Double.POSITIVE_INFINITY) : 1f;
            satur[b] = jitter ? factor(settings.saturation(), uniforms[o + 4], Double.POSITIVE_INFINITY) : 1f;
            hues[b] = jitter ? (float) (settings.hue() * (2.0 * uniforms[o + 5] - 1.0)) : 0f;
            final int keys = kornia ? ResizedCropSampler.UNIFORMS_PER_IMAGE + 6 : o + 6;
            JitterOp[] ops = JitterOp.values().clone();
            Arrays.sort(ops, Comparator.comparingDouble(op -> uniforms[keys + op.ordinal()]));
            order.add(List.of(ops));
            gray[b] = uniforms[o + 10] < settings.grayscaleProbability();
        }
        return new StrongParameters(boxes, flip, new ColorJitterParameters(bright, contr, satur, hues, order), gray);
    }

    /**
     * Draws the parameters of the weak augmentation for B images from the engine's RNG: offsets uniform in [0, 2p]
     * for the padding p, and the flip.
     *
     * @param settings the augmenter whose distribution is drawn from
     * @param manager  manager whose device draws the uniforms (its temporary is closed)
     */
    static WeakParameters weak(Augmenter settings, NDManager manager, int batch) {
        int padding = settings.padding();
        float[] u = ResizedCropSampler.drawUniforms(manager, batch, WEAK_UNIFORMS_PER_IMAGE);
        int[] tops = new int[batch];
        int[] lefts = new int[batch];
        boolean[] flip = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            int o = b * WEAK_UNIFORMS_PER_IMAGE;
            tops[b] = ResizedCropSampler.uniformInteger(u[o], 2 * padding + 1);
            lefts[b] = ResizedCropSampler.uniformInteger(u[o + 1], 2 * padding + 1);
            flip[b] = u[o + 2] < settings.flipProbability();
        }
        return new WeakParameters(padding, tops, lefts, flip);
    }

    /** A jitter factor for strength s: U[max(0, 1 - s), min(cap, 1 + s)] from the uniform u; 1 for s = 0. */
    private static float factor(double strength, float u, double cap) {
        if (strength == 0) {
            return 1f;
        }
        double lo = Math.max(0.0, 1.0 - strength);
        double hi = Math.min(cap, 1.0 + strength);
        return (float) (lo + (hi - lo) * u);
    }
}
