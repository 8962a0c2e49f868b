/**
 * The losses: L_EBM of eq. (12), NT-Xent of eq. (8) and (13), BYOL's loss.
 *
 * <p><b>Internal; may change.</b> The public API is {@code clel.config}, {@code clel.data},
 * {@code clel.data.source}, {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training}
 * (docs/java-api.md).
 */
package clel.loss;
