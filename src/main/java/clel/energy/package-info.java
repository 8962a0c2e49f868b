/**
 * The spherical latent-variable EBM: feature network f, directional projector g, and the energies of eq. (10), (11) and (15).
 *
 * <p><b>Internal; may change.</b> The public API is {@code clel.config}, {@code clel.data},
 * {@code clel.data.source}, {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training}
 * (docs/java-api.md).
 */
package clel.energy;
