/**
 * Sampling with SGLD from a trained EBM (paper Sections 4.1, 4.3, 4.4). <b>Public API.</b>
 *
 * <p>{@link clel.sampling.ConditionalSampler} draws unconditional, latent-conditional (eq. 10) and compositional
 * (eq. 15) samples; {@link clel.sampling.ConditionLatents} computes the latents that condition them (an image's z, a
 * class's or an attribute's z-bar). The replay buffer and SGLD itself ({@link clel.sampling.Sgld}) serve training.
 *
 * <p>The public API of clel is the packages {@code clel.config}, {@code clel.data}, {@code clel.data.source},
 * {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training} (docs/java-api.md); every
 * other package is internal and may change.
 */
package clel.sampling;
