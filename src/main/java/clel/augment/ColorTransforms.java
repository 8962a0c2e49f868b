package clel.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
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

    static NDArray hueIn(NDArray x, NDArray shifts) {
        if (x.getShape().get(1) == 1) {
            return x.duplicate();
        }
        NDManager manager = x.getManager();
        // RGB -> HSV (torchvision _rgb2hsv)
        NDArray maxc = x.max(new int[] {1}, true);
        NDArray minc = x.min(new int[] {1}, true);
        NDArray cr = maxc.sub(minc);
        NDArray equal = maxc.eq(minc);
        NDArray ones = manager.ones(maxc.getShape());
        NDArray saturation = cr.div(NDArrays.where(equal, ones, maxc));
        NDArray ratios = maxc.sub(x).div(NDArrays.where(equal, ones, cr)); // rc, gc, bc
        NDArray rc = ratios.get(new NDIndex(":, 0:1"));
        NDArray gc = ratios.get(new NDIndex(":, 1:2"));
        NDArray bc = ratios.get(new NDIndex(":, 2:3"));
        NDArray isR = maxc.eq(x.get(new NDIndex(":, 0:1")));
        NDArray isG = maxc.eq(x.get(new NDIndex(":, 1:2")));
        NDArray notR = isR.logicalNot();
        NDArray hr = isR.toType(DataType.FLOAT32, false).mul(bc.sub(gc));
        NDArray hg = isG.logicalAnd(notR).toType(DataType.FLOAT32, false).mul(rc.sub(bc).add(2f));
        NDArray hb = isG.logicalNot().logicalAnd(notR).toType(DataType.FLOAT32, false).mul(gc.sub(rc).add(4f));
        NDArray hue = hr.add(hg).add(hb).div(6f).add(1f).mod(1f);
        // shift (torchvision adjust_hue: (h + shift) % 1)
        hue = hue.add(shifts).mod(1f);
        // HSV -> RGB: c_n = v - v s clamp(min(k, 4 - k), 0, 1), k = (n + 6 h) mod 6, n = 5, 3, 1 for R, G, B;
        // equal to torchvision's piecewise _hsv2rgb.
        NDArray n = manager.create(new float[] {5f, 3f, 1f}, new Shape(1, 3, 1, 1));
        NDArray k = n.add(hue.mul(6f)).mod(6f);
        NDArray ramp = k.minimum(k.neg().add(4f)).clip(0f, 1f);
        NDArray chroma = maxc.mul(saturation);
        return maxc.sub(chroma.mul(ramp)).clip(0f, 1f);
    }

    static NDArray colorJitterIn(NDArray x, ColorJitterParameters p) {
        int batch = p.batch();
        NDArray current = x;
        for (int step = 0; step < JitterOp.values().length; step++) {
            for (JitterOp op : JitterOp.values()) {
                float[] factors = new float[batch];
                boolean[] selected = new boolean[batch];
                boolean any = false;
                for (int b = 0; b < batch; b++) {
                    float f = p.factor(op, b);
                    if (p.order().get(b).get(step) == op && f != op.identity()) {
                        factors[b] = f;
                        selected[b] = true;
                        any = true;
                    } else {
                        factors[b] = op.identity();
                    }
                }
                if (!any) {
                    continue;
                }
                NDArray next = ImageScope.run(current, y -> {
                    NDArray f = ImageScope.perImage(y.getManager(), factors);
                    return switch (op) {
                        case BRIGHTNESS -> brightnessIn(y, f);
                        case CONTRAST -> contrastIn(y, f);
                        case SATURATION -> saturationIn(y, f);
                        case HUE -> NDArrays.where(ImageScope.mask(y.getManager(), selected, y.getShape()),
                                hueIn(y, f), y);
                    };
                });
                if (current != x) {
                    current.close();
                }
                current = next;
            }
        }
        return current;
    }
}
