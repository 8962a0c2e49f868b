package clel.augment;

/**
 * One draw of the weak augmentation for a batch of B images: reflect padding by {@code padding}, the
 * top-left corner of each H x W window in the padded image, and horizontal-flip flags.
 *
 * @param padding p, non-negative
 * @param tops    B row offsets in [0, 2p]
 * @param lefts   B column offsets in [0, 2p]
 * @param flip    B horizontal-flip flags
 */
public record WeakParameters(int padding, int[] tops, int[] lefts, boolean[] flip) {

    /** Validates ranges and lengths and takes defensive copies. */
    public WeakParameters {
        if (padding < 0) {
            throw new IllegalArgumentException("weak augmentation: padding must be non-negative, got " + padding);
        }
        int batch = tops.length;
        ImageScope.checkLength(lefts.length, batch, "weak augmentation", "lefts");
        ImageScope.checkLength(flip.length, batch, "weak augmentation", "flip flags");
        for (int b = 0; b < batch; b++) {
            if (tops[b] < 0 || tops[b] > 2 * padding || lefts[b] < 0 || lefts[b] > 2 * padding) {
                throw new IllegalArgumentException("weak augmentation: offsets of image " + b + " (" + tops[b]
                        + ", " + lefts[b] + ") must lie in [0, " + 2 * padding + "]");
            }
        }
        tops = tops.clone();
        lefts = lefts.clone();
        flip = flip.clone();
    }

    /** @return B, the number of images */
    public int batch() {
        return tops.length;
    }

    @Override
    public int[] tops() {
        return tops.clone();
    }

    @Override
    public int[] lefts() {
        return lefts.clone();
    }

    @Override
    public boolean[] flip() {
        return flip.clone();
    }
}
