package clel.augment;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * The strong augmentation with its parameters drawn, as a deterministic chain on a (B, C, H, W) float32 batch in
 * [0, 1]: resized crop with the flip folded in ({@link GeometricTransforms}), colour jitter with the formulas of a
 * {@link ColorJitterKind} ({@link ColorTransforms} or {@link KorniaColorTransforms}), then random grayscale (the
 * identity for C = 1).
 */
final class StrongTransform {
    private StrongTransform() {
    }

    /**
     * Checks the batch and the parameters and applies the chain in a temporary scope.
     *
     * @param images      (B, C, H, W) float32 in [0, 1]
     * @param parameters  parameters for B images
     * @param colorJitter which formulas the jitter factors feed
     * @return a new (B, C, H, W) array in the input's manager
     */
    static NDArray apply(NDArray images, StrongParameters parameters, ColorJitterKind colorJitter) {
        int[] d = ImageScope.check(images, "strong augmentation");
        ImageScope.checkLength(parameters.batch(), d[0], "strong augmentation", "parameters");
        Objects.requireNonNull(colorJitter, "colour-jitter kind");
        return ImageScope.run(images, x -> applyIn(x, parameters, colorJitter));
    }

    /** The chain inside the caller's scope: x is (B, C, H, W) and the parameters are for B images. */
    static NDArray applyIn(NDArray x, StrongParameters p, ColorJitterKind colorJitter) {
        NDArray cropped = ImageScope.run(x, y -> GeometricTransforms.resizedCropIn(y, p.boxes(), p.flip()));
        NDArray jittered = ImageScope.run(cropped, y -> switch (colorJitter) {
            case TORCHVISION -> ColorTransforms.colorJitterIn(y, p.jitter());
            case KORNIA_0_6 -> KorniaColorTransforms.colorJitterIn(y, p.jitter());
        });
        cropped.close();
        boolean[] gray = p.grayscale();
        boolean anyGray = false;
        for (boolean g : gray) {
            anyGray |= g;
        }
        if (!anyGray || x.getShape().get(1) == 1) {
            return jittered;
        }
        return ColorTransforms.grayscaleIn(jittered, gray);
    }
}
