package clel.augment;

/**
 * Which definition of {@code ColorJitter(brightness b, contrast c, saturation s, hue h)} the strong augmentation
 * uses. Both draw per-image factors f_b ~ U[max(0, 1 - b), 1 + b], f_c ~ U[max(0, 1 - c), 1 + c],
 * f_s ~ U[max(0, 1 - s), 1 + s] and a hue shift u ~ U[-h, h] turns; they differ in the formulas and the order.
 *
 * <ul>
 *   <li>{@link #TORCHVISION} (torchvision's {@code ColorJitter}, {@link ColorTransforms}): x' = clamp(f_b x);
 *       x' = clamp(f_c x + (1 - f_c) mean(luma(x))); x' = clamp(f_s x + (1 - f_s) luma(x)); HSV hue shift by u;
 *       a random order of the four per image.</li>
 *   <li>{@link #KORNIA_0_6} (kornia 0.6.3's {@code kornia.augmentation.ColorJitter}, which the paper's public code
 *       pins; {@link KorniaColorTransforms}): x' = clamp(x + (f_b - 1)); x' = clamp(f_c x); saturation and hue in
 *       HSV, S' = clamp(f_s S, 0, 1) and H' = H + 2 pi u (mod 2 pi); one random order shared by the whole batch
 *       (kornia draws one {@code randperm(4)} per call). Brightness factors are also capped at 2, as kornia
 *       bounds them to [0, 2].</li>
 * </ul>
 */
public enum ColorJitterKind {
    /** torchvision's ColorJitter (multiplicative brightness, contrast and saturation blends, order per image). */
    TORCHVISION("torchvision"),
    /** kornia 0.6.3's ColorJitter (additive brightness, plain contrast multiply, HSV saturation, one order per batch). */
    KORNIA_0_6("kornia-0.6");

    private final String key;

    ColorJitterKind(String key) {
        this.key = key;
    }

    /** @return the configuration key ("torchvision", "kornia-0.6") */
    @Override
    public String toString() {
        return key;
    }
}
