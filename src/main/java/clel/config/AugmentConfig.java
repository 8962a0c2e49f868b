package clel.config;

import clel.augment.AugmentationKind;
import clel.augment.Augmenter;
import clel.augment.ColorJitterKind;
import java.util.List;

/**
 * Augmentation distributions T. YAML section {@code augment}.
 *
 * @param encoder     the two views of L_LE (paper: strong, SimCLR)
 * @param ebm         t in z = h(t(x)) of eq. (9) for the EBM's latent (public CIFAR-10 config: strong)
 * @param colorJitter formulas of the strong augmentation's colour jitter wherever it is applied (encoder views, t,
 *                    replay-buffer transitions): torchvision's, or kornia 0.6.3's as the public code uses
 * @param cropScale   the strong augmentation's random resized crop: [min, max] fraction of the image's area kept
 *                    (SimCLR and the paper: [0.08, 1.0])
 * @param hue         the strong augmentation's hue jitter: shifts drawn from U[-hue, hue] turns, at most 0.5 (SimCLR and
 *                    the paper: 0.1)
 */
public record AugmentConfig(AugmentationKind encoder, AugmentationKind ebm, ColorJitterKind colorJitter,
                            List<Double> cropScale, double hue) {
    /** SimCLR's crop scale, the paper's. */
    public static final List<Double> PAPER_CROP_SCALE = List.of(0.08, 1.0);
    /** SimCLR's hue jitter, the paper's. */
    public static final double PAPER_HUE = 0.1;

    /**
     * Validates the settings; a {@link ConfigException} names the first invalid one.
     *
     * @param encoder     the two views of L_LE (paper: strong, SimCLR)
     * @param ebm         t in z = h(t(x)) of eq. (9) for the EBM's latent (public CIFAR-10 config: strong)
     * @param colorJitter formulas of the strong augmentation's colour jitter wherever it is applied (encoder views, t,
     *                    replay-buffer transitions): torchvision's, or kornia 0.6.3's as the public code uses
     * @param cropScale   the strong augmentation's random resized crop: [min, max] fraction of the image's area kept
     *                    (SimCLR and the paper: [0.08, 1.0])
     * @param hue         the strong augmentation's hue jitter: shifts drawn from U[-hue, hue] turns, at most 0.5 (SimCLR and
     *                    the paper: 0.1)
     */
    public AugmentConfig {
        Checks.notNull("augment.encoder", encoder);
        Checks.notNull("augment.ebm", ebm);
        Checks.notNull("augment.color_jitter", colorJitter);
        Checks.notNull("augment.crop_scale", cropScale);
        if (cropScale.size() != 2 || !(cropScale.get(0) > 0) || !(cropScale.get(0) <= cropScale.get(1))
                || !(cropScale.get(1) <= 1)) {
            throw new ConfigException("augment.crop_scale must be [min, max] with 0 < min <= max <= 1, got " + cropScale);
        }
        cropScale = List.copyOf(cropScale);
        if (!(hue >= 0 && hue <= 0.5)) {
            throw new ConfigException("augment.hue must be in [0, 0.5] (turns), got " + hue);
        }
    }

    /**
     * The paper's crop scale and hue with the given kinds and jitter formulas.
     *
     * @param encoder     augment.encoder
     * @param ebm         augment.ebm
     * @param colorJitter augment.color_jitter
     */
    public AugmentConfig(AugmentationKind encoder, AugmentationKind ebm, ColorJitterKind colorJitter) {
        this(encoder, ebm, colorJitter, PAPER_CROP_SCALE, PAPER_HUE);
    }

    /**
     * @param kind the augmentation distribution (e.g. {@link #encoder()}, {@link #ebm()} or the sampler's transition)
     * @return an augmenter of that kind with this run's colour-jitter formulas and the paper's other settings
     */
    public Augmenter augmenter(AugmentationKind kind) {
        return Augmenter.builder(kind).colorJitter(colorJitter).cropScale(cropScale.get(0), cropScale.get(1)).hue(hue)
                .build();
    }
}
