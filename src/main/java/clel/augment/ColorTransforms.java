package clel.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Deterministic colour transforms of an image batch (B, C, H, W) in [0, 1] with per-image parameters,
 * following torchvision's tensor implementations ({@code adjust_brightness}, {@code adjust_contrast},
 * {@code adjust_saturation}, {@code adjust_hue}, {@code rgb_to_grayscale}); each adjustment clamps its
 * result to [0, 1]. For C = 1 the saturation, hue and grayscale transforms are the identity (a copy), and
 * contrast blends with the mean of the single channel. Every method returns a new array in the input's
 * manager; temporaries are closed.
 */
public final class ColorTransforms {
    /** ITU-R 601-2 luma weights of R, G and B (PIL's "L" conversion). */
    public static final float[] LUMA_WEIGHTS = {0.299f, 0.587f, 0.114f};

    private ColorTransforms() {
    }

    /**
     * @param images (B, C, H, W) float32
     * @return (B, 1, H, W): 0.299 R + 0.587 G + 0.114 B, or a copy of the channel when C = 1
     */
    public static NDArray luma(NDArray images) {
        ImageScope.check(images, "luma");
        return ImageScope.run(images, ColorTransforms::lumaIn);
    }

    /**
     * Converts the images whose mask entry is true to grayscale (luma replicated to all C channels);
     * the others are copied unchanged.
     *
     * @param images (B, C, H, W) float32
     * @param mask   B flags
     * @return (B, C, H, W)
     */
    public static NDArray grayscale(NDArray images, boolean[] mask) {
        int[] d = ImageScope.check(images, "grayscale");
        ImageScope.checkLength(mask.length, d[0], "grayscale", "mask");
        return ImageScope.run(images, x -> grayscaleIn(x, mask));
    }

    /**
     * @param images  (B, C, H, W) float32
     * @param factors B brightness factors: x' = clamp(f x)
     * @return (B, C, H, W)
     */
    public static NDArray adjustBrightness(NDArray images, float[] factors) {
        return perImageOp(images, factors, "brightness", ColorTransforms::brightnessIn);
    }

    /**
     * @param images  (B, C, H, W) float32
     * @param factors B contrast factors: x' = clamp(f x + (1 - f) mean(luma(x))), mean over H x W
     * @return (B, C, H, W)
     */
    public static NDArray adjustContrast(NDArray images, float[] factors) {
        return perImageOp(images, factors, "contrast", ColorTransforms::contrastIn);
    }

    /**
     * @param images  (B, C, H, W) float32
     * @param factors B saturation factors: x' = clamp(f x + (1 - f) luma(x))
     * @return (B, C, H, W)
     */
    public static NDArray adjustSaturation(NDArray images, float[] factors) {
        return perImageOp(images, factors, "saturation", ColorTransforms::saturationIn);
    }

    /**
     * Shifts the hue: RGB to HSV, h' = (h + shift) mod 1, back to RGB (torchvision's algorithm; the round
     * trip is exact up to float rounding, about 1e-7).
     *
     * @param images (B, C, H, W) float32
     * @param shifts B hue shifts in turns, in [-0.5, 0.5]
     * @return (B, C, H, W)
     */
    public static NDArray adjustHue(NDArray images, float[] shifts) {
        return perImageOp(images, shifts, "hue", ColorTransforms::hueIn);
    }

    /**
     * torchvision's {@code ColorJitter} with given per-image parameters: image b gets the four adjustments
     * in the order {@code parameters.order().get(b)}, each clamping to [0, 1]. Adjustments whose factor is
     * the identity are skipped (so an image with factors (1, 1, 1, 0) is returned exactly unchanged).
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

    private interface PerImage {
        NDArray apply(NDArray x, NDArray factors);
    }

    private static NDArray perImageOp(NDArray images, float[] factors, String name, PerImage op) {
        int[] d = ImageScope.check(images, name);
        ImageScope.checkLength(factors.length, d[0], name, "factors");
        return ImageScope.run(images, x -> op.apply(x, ImageScope.perImage(x.getManager(), factors)));
    }

    /** Luma (B, 1, H, W) in x's manager; x itself when C = 1. */
    static NDArray lumaIn(NDArray x) {
        if (x.getShape().get(1) == 1) {
            return x;
        }
        NDArray weights = x.getManager().create(LUMA_WEIGHTS, new Shape(1, 3, 1, 1));
        return x.mul(weights).sum(new int[] {1}, true);
    }

    static NDArray grayscaleIn(NDArray x, boolean[] mask) {
        if (x.getShape().get(1) == 1) {
            return x.duplicate();
        }
        NDArray gray = lumaIn(x).broadcast(x.getShape());
        return NDArrays.where(ImageScope.mask(x.getManager(), mask, x.getShape()), gray, x);
    }

    static NDArray brightnessIn(NDArray x, NDArray factors) {
        return x.mul(factors).clip(0f, 1f);
    }

    static NDArray contrastIn(NDArray x, NDArray factors) {
        Shape s = x.getShape();
        NDArray mean = lumaIn(x).sum(new int[] {1, 2, 3}, true).div((float) (s.get(2) * s.get(3)));
        return blend(x, mean, factors);
    }

    static NDArray saturationIn(NDArray x, NDArray factors) {
        if (x.getShape().get(1) == 1) {
            return x.duplicate();
        }
        return blend(x, lumaIn(x), factors);
    }

    /** clamp(f a + (1 - f) b): torchvision's {@code _blend}. */
    private static NDArray blend(NDArray a, NDArray b, NDArray factors) {
        NDArray complement = factors.neg().add(1f);
        return a.mul(factors).add(b.mul(complement)).clip(0f, 1f);
    }

    /**
     * torchvision's {@code adjust_hue} with elementwise ops only. With v = max_c x_c, chroma = v - min_c x_c
     * and d_c = (v - x_c) / chroma (0 where chroma = 0), the HSV hue in sixths is 6h = d_B - d_G (R maximal),
     * 2 + d_R - d_B (G maximal, R not), 4 + d_G - d_R (otherwise). The shifted image is
     * c_n = v - chroma * clamp(min(k, 4 - k), 0, 1) with k = (n + 6 (h + shift)) mod 6, n = 5, 3, 1 for
     * R, G, B, which equals torchvision's piecewise HSV-to-RGB conversion (v s = chroma).
     *
     * @param shifts (B, 1, 1, 1) hue shifts in turns
     */
    static NDArray hueIn(NDArray x, NDArray shifts) {
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
        NDList d = value.sub(x).div(chroma.maximum(Float.MIN_NORMAL)).split(3, 1);
        NDArray fromRed = d.get(2).sub(d.get(1));
        NDArray fromGreen = d.get(0).sub(d.get(2)).add(2f);
        NDArray fromBlue = d.get(1).sub(d.get(0)).add(4f);
        NDArray sixths = NDArrays.where(value.eq(r), fromRed, NDArrays.where(value.eq(g), fromGreen, fromBlue));
        // k = (n + 6h + 6 + 6 shift) mod 6 for n = 5, 3, 1 (the + 6 keeps it positive before the mod)
        NDArray offsets = shifts.reshape(batch, 1, 1, 1).add(1f).mul(6f)
                .add(manager.create(new float[] {5, 3, 1}, new Shape(1, 3, 1, 1)));
        NDArray k = sixths.add(offsets).mod(6f);
        NDArray ramp = k.minimum(k.neg().add(4f)).clip(0f, 1f);
        return value.sub(chroma.mul(ramp)).clip(0f, 1f);
    }

    /**
     * Colour jitter inside the caller's scope: four steps, in each of which every image gets the adjustment
     * its order has at that position ({@link #jitterStep}); the intermediate of each step is freed.
     */
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
     * Step {@code step} of the jitter. Each image has exactly one adjustment at each step, so the images
     * that get brightness, contrast or saturation here share one blend clamp(f x + (1 - f) t) with target
     * t = 0, mean(luma(x)) or luma(x) respectively (torchvision's three {@code _blend}s; f = 1 leaves the
     * other images exactly unchanged), and the images that get hue are shifted as a subset.
     */
    private static NDArray jitterStep(NDArray x, ColorJitterParameters p, int step) {
        int batch = p.batch();
        boolean color = x.getShape().get(1) == 3;
        float[] factors = new float[batch];
        float[] toLuma = new float[batch];
        float[] toMean = new float[batch];
        float[] shifts = new float[batch];
        int blended = 0;
        int shifted = 0;
        for (int b = 0; b < batch; b++) {
            JitterOp op = p.order().get(b).get(step);
            float f = p.factor(op, b);
            factors[b] = 1f;
            if (f == op.identity() || (!color && (op == JitterOp.SATURATION || op == JitterOp.HUE))) {
                continue;
            }
            switch (op) {
                case BRIGHTNESS -> factors[b] = f;
                case CONTRAST -> {
                    factors[b] = f;
                    toMean[b] = 1f;
                }
                case SATURATION -> {
                    factors[b] = f;
                    toLuma[b] = 1f;
                }
                case HUE -> shifts[b] = f;
            }
            if (op == JitterOp.HUE) {
                shifted++;
            } else {
                blended++;
            }
        }
        NDArray current = x;
        if (blended > 0) {
            current = blendStep(current, factors, toLuma, toMean);
        }
        if (shifted > 0) {
            current = hueOnSubset(current, shifts);
        }
        return current;
    }

    /** clamp(f x + (1 - f) (l luma(x) + m mean(luma(x)))) with per-image f, l, m. */
    private static NDArray blendStep(NDArray x, float[] factors, float[] toLuma, float[] toMean) {
        NDManager manager = x.getManager();
        boolean anyLuma = any(toLuma);
        boolean anyMean = any(toMean);
        NDArray f = ImageScope.perImage(manager, factors);
        if (!anyLuma && !anyMean) {
            return x.mul(f).clip(0f, 1f);
        }
        NDArray luma = lumaIn(x);
        NDArray target = null;
        if (anyLuma) {
            target = luma.mul(ImageScope.perImage(manager, toLuma));
        }
        if (anyMean) {
            Shape s = x.getShape();
            NDArray mean = luma.sum(new int[] {1, 2, 3}, true).div((float) (s.get(2) * s.get(3)));
            NDArray part = mean.mul(ImageScope.perImage(manager, toMean));
            target = target == null ? part : target.add(part);
        }
        return blend(x, target, f);
    }

    private static boolean any(float[] values) {
        for (float v : values) {
            if (v != 0f) {
                return true;
            }
        }
        return false;
    }

    /** Shifts the hue of the images with a non-zero shift only; the others are copied. */
    private static NDArray hueOnSubset(NDArray x, float[] shifts) {
        boolean[] selected = new boolean[shifts.length];
        for (int b = 0; b < shifts.length; b++) {
            selected[b] = shifts[b] != 0f;
        }
        return ImageScope.onSubset(x, selected,
                (subset, indices) -> hueIn(subset, ImageScope.perImage(subset.getManager(), ImageScope.pick(shifts, indices))));
    }
}
