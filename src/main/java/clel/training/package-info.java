/**
 * Joint training of the EBM and the latent encoder (paper Algorithm 1). <b>Public API.</b>
 *
 * <p>{@link clel.training.Trainer} starts or resumes a run from a {@link clel.config.ClelConfig} and an image set;
 * its {@code step()} is one iteration. A {@link clel.training.TrainingLoop} runs the iterations and writes the run
 * folder through its {@link clel.training.TrainingObserver}s: the caller's progress (through
 * {@link clel.training.StepMetrics}) and the side jobs of a run (metrics files, sample grids, checkpoints).
 *
 * <p>The public API of clel is the packages {@code clel.config}, {@code clel.data}, {@code clel.data.source},
 * {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training} (docs/java-api.md); every
 * other package is internal and may change.
 */
package clel.training;
