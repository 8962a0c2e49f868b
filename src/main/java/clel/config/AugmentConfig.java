package clel.config;

import clel.augment.AugmentationKind;

/**
 * Augmentation distributions T. YAML section {@code augment}.
 *
 * @param encoder the two views of L_LE (paper: strong, SimCLR)
 * @param ebm     t in z = h(t(x)) of eq. (9) for the EBM's latent (public CIFAR-10 config: strong)
 */
public record AugmentConfig(AugmentationKind encoder, AugmentationKind ebm) {
    public AugmentConfig {
        Checks.notNull("augment.encoder", encoder);
        Checks.notNull("augment.ebm", ebm);
    }
}
