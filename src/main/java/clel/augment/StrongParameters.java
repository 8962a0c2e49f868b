package clel.augment;

import java.util.List;

/**
 * One draw of the strong (SimCLR) augmentation t ~ T for a batch of B images: everything random about
 * {@link Augmenter#applyStrong} so that the transform itself is deterministic.
 *
 * @param boxes     B resized-crop boxes
 * @param flip      B horizontal-flip flags
 * @param jitter    colour-jitter parameters for B images (identity factors for images not jittered)
 * @param grayscale B random-grayscale flags
 */
public record StrongParameters(List<CropBox> boxes, boolean[] flip, ColorJitterParameters jitter,
                               boolean[] grayscale) {

    /** Validates that all parts describe the same number of images and takes defensive copies. */
    public StrongParameters {
        int batch = boxes.size();
        ImageScope.checkLength(flip.length, batch, "strong augmentation", "flip flags");
        ImageScope.checkLength(jitter.batch(), batch, "strong augmentation", "jitter parameters");
        ImageScope.checkLength(grayscale.length, batch, "strong augmentation", "grayscale flags");
        boxes = List.copyOf(boxes);
        flip = flip.clone();
        grayscale = grayscale.clone();
    }

    /** @return B, the number of images */
    public int batch() {
        return boxes.size();
    }

    @Override
    public boolean[] flip() {
        return flip.clone();
    }

    @Override
    public boolean[] grayscale() {
        return grayscale.clone();
    }
}
