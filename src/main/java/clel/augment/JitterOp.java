package clel.augment;

/** The four adjustments of torchvision's {@code ColorJitter}, in its listing order. */
public enum JitterOp {
    /** Multiply by a factor (identity 1). */
    BRIGHTNESS(1f),
    /** Blend with the mean of the image's luma (identity 1). */
    CONTRAST(1f),
    /** Blend with the image's luma (identity 1). */
    SATURATION(1f),
    /** Shift the HSV hue by a fraction of a turn (identity 0). */
    HUE(0f);

    private final float identity;

    JitterOp(float identity) {
        this.identity = identity;
    }

    /** @return the factor that leaves an image unchanged */
    public float identity() {
        return identity;
    }
}
