package clel.training;

import java.io.IOException;

/**
 * A side job of a training run that {@link TrainingLoop} calls around the iterations: writing the metrics files, the
 * sample grids and the checkpoints, evaluating the replay buffer. Listeners run in the order they were given, each
 * after the iteration's {@link Trainer#step}; a new one is a class of its own plus one line where the loop is built
 * ({@link TrainingLoop#standard}).
 */
public interface IterationListener extends AutoCloseable {
    /**
     * Before the first iteration this process runs; {@code trainer.iteration()} is where the run starts or resumes.
     *
     * @param trainer the run's trainer
     * @throws IOException when the job's files cannot be written
     */
    default void started(Trainer trainer) throws IOException {
    }

    /**
     * After each completed iteration; {@code trainer.iteration()} is its 1-based number.
     *
     * @param trainer the run's trainer
     * @param metrics what the iteration measured
     * @throws IOException when the job's files cannot be written
     */
    void afterIteration(Trainer trainer, StepMetrics metrics) throws IOException;

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

    @Override
    default void close() throws IOException {
    }
}
