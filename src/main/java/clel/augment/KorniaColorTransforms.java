package clel.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.nn.GraphSafe;
import java.util.Arrays;

/**
 * kornia 0.6.3's colour jitter ({@link ColorJitterKind#KORNIA_0_6}), the one the paper's public code uses
 * ({@code K.ColorJitter(0.4, 0.4, 0.4, 0.1, p=0.8)} with {@code kornia==0.6.3}), on an image batch (B, C, H, W) in
 * [0, 1] with per-image parameters:
 * <ul>
 *   <li>brightness: x' = clamp(x + d, 0, 1); ColorJitter passes d = f_b - 1, f_b ~ U[0.6, 1.4] for 0.4
 *       ({@code adjust_brightness(img, brightness_factor - 1)});</li>
 *   <li>contrast: x' = clamp(f_c x, 0, 1), a plain multiply (no blend with the mean);</li>
 *   <li>saturation, in HSV: V = max_c x_c, S = (V - min_c x_c) / (V + 1e-8), S' = clamp(f_s S, 0, 1), H and V kept;</li>
 *   <li>hue, in HSV with H in radians: H' = fmod(H + 2 pi u, 2 pi), u ~ U[-0.1, 0.1] for 0.1 (ColorJitter passes
 *       {@code hue_factor * 2 * pi}); S and V kept.</li>
 * </ul>
 * kornia's {@code hsv_to_rgb} is written here as c_n = V - V S' clamp(min(k_n, 4 - k_n), 0, 1) with
 * k_n = (n + 6 H'/(2 pi)) mod 6 and n = 5, 3, 1 for R, G, B (the same piecewise p/q/t table; a negative fmod result
 * wraps identically). Its result lies in [0, V], so the HSV adjustments need no clamp. The hue shift is given in
 * turns (u), as in {@link ColorJitterParameters}; kornia's radians are 2 pi u.
 *
 * <p>Unlike torchvision's ColorJitter, kornia draws ONE order of the four adjustments per call, shared by the
 * whole batch ({@code torch.randperm(4)} in {@code ColorJitterGenerator.forward}); {@link AugmentationDraw} draws it
 * that way. {@link #colorJitter} itself follows each image's order in the parameters.
 *
 * <p>For C = 1, saturation and hue are the identity (kornia rejects such input). Every method returns a new array
 * in the input's manager; temporaries are closed.
 *
 * <p>Source read (kornia/kornia, tag v0.6.3, commit 92ba5fda0cf0d259c59e5140cffd2ad3ee6e725d, 2022-01-31):
 * {@code kornia/augmentation/_2d/intensity/color_jitter.py} ({@code ColorJitter.apply_transform}),
 * {@code kornia/augmentation/random_generator/_2d/color_jitter.py} ({@code ColorJitterGenerator}),
 * {@code kornia/augmentation/utils/param_validation.py} ({@code _range_bound}), {@code kornia/enhance/adjust.py}
 * ({@code adjust_brightness}, {@code adjust_contrast}, {@code adjust_saturation}, {@code adjust_hue}) and
 * {@code kornia/color/hsv.py} ({@code rgb_to_hsv}, {@code hsv_to_rgb}).
 */
public final class KorniaColorTransforms {
    /** kornia's {@code rgb_to_hsv} eps: S = (V - min) / (V + eps). */
    public static final float HSV_EPS = 1e-8f;

    private KorniaColorTransforms() {
    }

    /**
     * kornia's {@code adjust_brightness}: additive.
     *
     * @param images (B, C, H, W) float32
     * @param shifts B values d: x' = clamp(x + d, 0, 1) (ColorJitter's d is its factor minus 1)
     * @return (B, C, H, W)
     */
    public static NDArray adjustBrightness(NDArray images, float[] shifts) {
        int[] d = ImageScope.check(images, "brightness");
        ImageScope.checkLength(shifts.length, d[0], "brightness", "shifts");
        float[] ones = ones(shifts.length);
        return ImageScope.run(images, x -> affineIn(x, ones, shifts));
    }

    /**
     * kornia's {@code adjust_contrast}: a plain multiply.
     *
     * @param images  (B, C, H, W) float32
     * @param factors B factors f: x' = clamp(f x, 0, 1)
     * @return (B, C, H, W)
     */
    public static NDArray adjustContrast(NDArray images, float[] factors) {
        int[] d = ImageScope.check(images, "contrast");
        ImageScope.checkLength(factors.length, d[0], "contrast", "factors");
        return ImageScope.run(images, x -> affineIn(x, factors, new float[factors.length]));
    }

    /**
     * kornia's {@code adjust_saturation}: in HSV, S' = clamp(f S, 0, 1).
     *
     * @param images  (B, C, H, W) float32
     * @param factors B factors f
     * @return (B, C, H, W)
     */
    public static NDArray adjustSaturation(NDArray images, float[] factors) {
        int[] d = ImageScope.check(images, "saturation");
        ImageScope.checkLength(factors.length, d[0], "saturation", "factors");
        return ImageScope.run(images, x -> hsvIn(x, factors, new float[factors.length]));
    }

    /**
     * kornia's {@code adjust_hue(x, 2 pi u)}: in HSV, H' = fmod(H + 2 pi u, 2 pi).
     *
     * @param images (B, C, H, W) float32
     * @param shifts B shifts u in turns, in [-0.5, 0.5]
     * @return (B, C, H, W)
     */
    public static NDArray adjustHue(NDArray images, float[] shifts) {
        int[] d = ImageScope.check(images, "hue");
        ImageScope.checkLength(shifts.length, d[0], "hue", "shifts");
        return ImageScope.run(images, x -> hsvIn(x, ones(shifts.length), shifts));
    }

    /**
     * kornia 0.6.3's {@code ColorJitter.apply_transform} with given per-image parameters: image b gets brightness
     * (shift f_b - 1), contrast, saturation and hue in the order {@code parameters.order().get(b)}. Adjustments
     * whose factor is the identity are skipped (so an image with factors (1, 1, 1, 0), one kornia did not select,
     * is returned exactly unchanged).
     *
     * @param images     (B, C, H, W) float32
     * @param parameters parameters for B images
     * @return (B, C, H, W)
     */
    public static NDArray colorJitter(NDArray images, ColorJitterParameters parameters) {
        int[] d = ImageScope.check(images, "colour jitter");
        ImageScope.checkLength(parameters.batch(), d[0], "colour jitter", "parameters");
        return ImageScope.run(images, x -> colorJitterIn(x, parameters));
    }

    /** Colour jitter inside the caller's scope: four steps, the intermediate of each freed. */
    static NDArray colorJitterIn(NDArray x, ColorJitterParameters p) {
        NDArray current = x;
        for (int step = 0; step < JitterOp.values().length; step++) {
            final int s = step;
            NDArray next = ImageScope.run(current, y -> jitterStep(y, p, s));
            if (current != x) {
                current.close();
            }
            current = next;
        }
        return current;
    }

    /**
     * Step {@code step}: each image has exactly one adjustment here. Brightness and contrast share one
     * clamp(a x + d) (a = 1, d = f_b - 1 or a = f_c, d = 0; a = 1, d = 0 leaves the other images unchanged), and
     * saturation and hue share one HSV pass over the images that get either (factor f_s and shift 0, or factor 1
     * and shift u).
     */
    private static NDArray jitterStep(NDArray x, ColorJitterParameters p, int step) {
        int batch = p.batch();
        boolean color = x.getShape().get(1) == 3;
        float[] scales = ones(batch);
        float[] shifts = new float[batch];
        float[] saturations = ones(batch);
        float[] hues = new float[batch];
        boolean[] inHsv = new boolean[batch];
        boolean affine = false;
        boolean hsv = false;
        for (int b = 0; b < batch; b++) {
            JitterOp op = p.order().get(b).get(step);
            float f = p.factor(op, b);
            if (f == op.identity() || (!color && (op == JitterOp.SATURATION || op == JitterOp.HUE))) {
                continue;
            }
            switch (op) {
                case BRIGHTNESS -> shifts[b] = f - 1f;
                case CONTRAST -> scales[b] = f;
                case SATURATION -> saturations[b] = f;
                case HUE -> hues[b] = f;
            }
            inHsv[b] = op == JitterOp.SATURATION || op == JitterOp.HUE;
            hsv |= inHsv[b];
            affine |= !inHsv[b];
        }
        NDArray current = x;
        if (affine) {
            current = affineIn(current, scales, shifts);
        }
        if (hsv) {
            current = ImageScope.onSubset(current, inHsv, (subset, indices) ->
                    hsvIn(subset, ImageScope.pick(saturations, indices), ImageScope.pick(hues, indices)));
        }
        return current;
    }

    /** clamp(a x + d, 0, 1) with per-image a and d. */
    static NDArray affineIn(NDArray x, float[] scales, float[] shifts) {
        NDManager manager = x.getManager();
        NDArray a = GraphSafe.constant(manager, scales, new Shape(scales.length, 1, 1, 1));
        NDArray d = GraphSafe.constant(manager, shifts, new Shape(shifts.length, 1, 1, 1));
        return x.mul(a).add(d).clip(0f, 1f);
    }

    /**
     * kornia's rgb_to_hsv, S' = clamp(f S, 0, 1), H' = H + 2 pi u, hsv_to_rgb, with per-image f and u (turns);
     * the identity for C = 1. With chroma = V - min_c x_c (replaced by 1 where it is 0, as kornia does) and
     * d_c = (V - x_c) / chroma, 6 H / (2 pi) = d_B - d_G (R maximal), 2 + d_R - d_B (G maximal, R not),
     * 4 + d_G - d_R (otherwise), taken mod 6.
     */
    static NDArray hsvIn(NDArray x, float[] saturationFactors, float[] hueShifts) {
        Shape shape = x.getShape();
        if (shape.get(1) == 1) {
            return x.duplicate();
        }
        NDManager manager = x.getManager();
        long batch = shape.get(0);
        NDList rgb = x.split(3, 1);
        NDArray r = rgb.get(0);
        NDArray g = rgb.get(1);
        NDArray b = rgb.get(2);
        NDArray value = r.maximum(g).maximum(b);
        NDArray chroma = value.sub(r.minimum(g).minimum(b));
        NDArray saturation = chroma.div(GraphSafe.add(value, HSV_EPS));
        NDArray zero = GraphSafe.scalar(chroma, 0f);
        NDArray safeChroma = NDArrays.where(chroma.eq(zero), chroma.onesLike(), chroma);
        NDList d = value.sub(x).div(safeChroma).split(3, 1);
        NDArray fromRed = d.get(2).sub(d.get(1));
        NDArray fromGreen = GraphSafe.add(d.get(0).sub(d.get(2)), 2f);
        NDArray fromBlue = GraphSafe.add(d.get(1).sub(d.get(0)), 4f);
        NDArray sixths = NDArrays.where(value.eq(r), fromRed, NDArrays.where(value.eq(g), fromGreen, fromBlue));
        NDArray f = GraphSafe.constant(manager, saturationFactors, new Shape(batch, 1, 1, 1));
        NDArray scaledSaturation = saturation.mul(f).clip(0f, 1f);
        // k_n = (n + 6 H/(2 pi) + 6 u + 6) mod 6 for n = 5, 3, 1 (the + 6 keeps it positive before the mod)
        NDArray u = GraphSafe.constant(manager, hueShifts, new Shape(batch, 1, 1, 1));
        NDArray offsets = GraphSafe.mul(GraphSafe.add(u, 1f), 6f)
                .add(GraphSafe.constant(manager, new float[] {5, 3, 1}, new Shape(1, 3, 1, 1)));
        NDArray k = sixths.add(offsets).mod(GraphSafe.scalar(sixths, 6f));
        NDArray ramp = k.minimum(GraphSafe.add(k.neg(), 4f)).clip(0f, 1f);
        return value.sub(value.mul(scaledSaturation).mul(ramp));
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
    }
}
