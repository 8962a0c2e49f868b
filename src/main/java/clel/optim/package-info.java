/**
 * Optimizers owned by clel (Adam, SGD with momentum), the EMA of the weights, learning-rate schedules and seeds.
 *
 * <p><b>Internal; may change.</b> The public API is {@code clel.config}, {@code clel.data},
 * {@code clel.data.source}, {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training}
 * (docs/java-api.md).
 */
package clel.optim;
