package clel.data.format;

/**
 * How a decoded image of arbitrary size becomes the target size H x W. Resizing uses area averaging when
 * shrinking and bilinear interpolation (half-pixel centres) when enlarging; crop offsets follow torchvision's
 * {@code CenterCrop}: top = rint((h - H) / 2), left = rint((w - W) / 2) (round half to even).
 */
public enum CropMode {
    /** Images must already be exactly H x W; any other size is an error naming the file. */
    NONE,
    /** Resize (keeping aspect ratio) so the shorter side matches the target, then center crop (torchvision Resize + CenterCrop). */
    RESIZE_SHORTER_CENTER_CROP,
    /** Center crop to H x W without resizing (an image smaller than the target is first enlarged, shorter side to target). */
    CENTER_CROP,
    /**
     * Crop H x W at a random offset (as the public code does for DTD textures at 32x32), drawn from a
     * generator seeded with (seed, image index) so the result does not depend on thread scheduling.
     * An image smaller than the target is first enlarged, shorter side to target.
     */
    RANDOM_CROP,
    /** Resize to exactly H x W, ignoring the aspect ratio. */
    STRETCH
}
