/**
 * Joint training of the EBM and the latent encoder (paper Algorithm 1). <b>Public API.</b>
 *
 * <p>{@link clel.training.Trainer} starts or resumes a run from a {@link clel.config.ClelConfig} and an image set and
 * writes its run folder; a {@link clel.training.TrainingListener} follows its progress through
 * {@link clel.training.StepMetrics}. The side jobs of a run (metrics files, sample grids, checkpoints) are
 * {@link clel.training.IterationListener}s.
 *
 * <p>The public API of clel is the packages {@code clel.config}, {@code clel.data}, {@code clel.data.source},
 * {@code clel.io}, {@code clel.model}, {@code clel.sampling} and {@code clel.training} (docs/java-api.md); every
 * other package is internal and may change.
 */
package clel.training;
