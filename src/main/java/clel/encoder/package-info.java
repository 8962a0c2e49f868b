/**
 * The latent encoder h and its objectives (NT-Xent of eq. 13, BYOL, alignment and uniformity, an MAE backbone).
 *
 * <p><b>Internal; may change.</b> The public API is {@code clel.config}, {@code clel.data},
 * {@code clel.data.source}, {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training}
 * (docs/java-api.md).
 */
package clel.encoder;
