/**
 * Data augmentation as batched tensor operations: the views of the encoder, t of eq. (9) and (14), and the replay buffer's transitions.
 *
 * <p><b>Internal; may change.</b> The public API is {@code clel.config}, {@code clel.data},
 * {@code clel.data.source}, {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training}
 * (docs/java-api.md).
 */
package clel.augment;
