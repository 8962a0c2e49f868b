package clel.config;

import clel.augment.AugmentationKind;
import clel.augment.Augmenter;
import clel.augment.ColorJitterKind;

/**
 * Augmentation distributions T. YAML section {@code augment}.
 *
 * @param encoder     the two views of L_LE (paper: strong, SimCLR)
 * @param ebm         t in z = h(t(x)) of eq. (9) for the EBM's latent (public CIFAR-10 config: strong)
 * @param colorJitter formulas of the strong augmentation's colour jitter wherever it is applied (encoder views, t,
 *                    replay-buffer transitions): torchvision's, or kornia 0.6.3's as the public code uses
 */
public record AugmentConfig(AugmentationKind encoder, AugmentationKind ebm, ColorJitterKind colorJitter) {
    public AugmentConfig {
        Checks.notNull("augment.encoder", encoder);
        Checks.notNull("augment.ebm", ebm);
        Checks.notNull("augment.color_jitter", colorJitter);
    }

    /**
     * @param kind the augmentation distribution (e.g. {@link #encoder()}, {@link #ebm()} or the sampler's transition)
     * @return an augmenter of that kind with this run's colour-jitter formulas and the paper's other settings
     */
    public Augmenter augmenter(AugmentationKind kind) {
        return Augmenter.builder(kind).colorJitter(colorJitter).build();
    }
}
