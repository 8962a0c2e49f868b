/**
 * Trained models for use, and the networks they are made of. <b>Public API.</b>
 *
 * <p>{@link clel.model.TrainedModel} loads a checkpoint written by training and computes energies (eq. 11), the OOD
 * score of eq. (14) and encoder latents; one instance serves many threads. {@link clel.model.ImageInput} turns image
 * files into its input. The networks ({@link clel.model.ClelNetworks}) and their stored state are here too.
 *
 * <p>The public API of clel is the packages {@code clel.config}, {@code clel.data}, {@code clel.data.source},
 * {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training} (docs/java-api.md); every
 * other package is internal and may change.
 */
package clel.model;
