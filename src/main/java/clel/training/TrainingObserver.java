package clel.training;

import clel.sampling.Sgld;
import java.io.IOException;

/**
 * Follows a training run: its start, the phases of every step, every iteration's {@link StepMetrics}, notable events
 * in words, and its end. The console's progress, the run folder's files (metrics, sample grids, checkpoints), the
 * buffer evaluation and diagnostic exports are all observers, told in the order they were added to the
 * {@link TrainingLoop}; {@link Trainer#step(TrainingObserver)} alone tells one observer the phases of one step. Every
 * method does nothing unless overridden. Arrays handed to an observer are valid only during the call and must not be
 * modified or closed.
 */
public interface TrainingObserver {
    /** Observes nothing. */
    TrainingObserver NONE = new TrainingObserver() { };

    /**
     * Before the first iteration this process runs; {@code trainer.iteration()} is where the run starts or resumes.
     *
     * @param trainer the run's trainer
     * @throws IOException when the observer's files cannot be written
     */
    default void started(Trainer trainer) throws IOException {
    }

    /**
     * A phase of the current step has ended; {@code step} holds what the step has computed so far. The phases of an
     * update the guard skipped (the optimizers and the EMA) do not end.
     *
     * @param phase the phase that ended
     * @param step  the step's tensors so far
     */
    default void phaseEnded(StepPhase phase, StepTensors step) {
    }

    /**
     * One SGLD step of the current iteration's sampling (inside {@link StepPhase#SGLD}).
     *
     * @param step the SGLD step's tensors
     */
    default void sgldStep(Sgld.Step step) {
    }

    /**
     * After each completed iteration; {@code trainer.iteration()} is its 1-based number.
     *
     * @param trainer the run's trainer
     * @param metrics what the iteration measured
     * @throws IOException when the observer's files cannot be written
     */
    default void iterationEnded(Trainer trainer, StepMetrics metrics) throws IOException {
    }

    /**
     * A notable event in words (a checkpoint written, an update skipped, a rollback, ...).
     *
     * @param message the event, in one line
     */
    default void message(String message) {
    }

    /**
     * The run has ended, completed or not; called once for every observer whose {@link #started} returned.
     *
     * @throws IOException when the observer's files cannot be closed
     */
    default void finished() throws IOException {
    }

    /**
     * Whether the iteration just completed is due for a job done every {@code every} iterations (and always at the last
     * one).
     *
     * @param trainer the run's trainer
     * @param every   the job's period in iterations; 0 or less: only at the last iteration
     * @return whether the job runs now
     */
    static boolean due(Trainer trainer, long every) {
        long i = trainer.iteration();
        return (every > 0 && i % every == 0) || i == trainer.config().iterations();
    }
}
