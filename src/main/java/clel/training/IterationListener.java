package clel.training;

import java.io.IOException;

/**
 * A side job of a training run that {@link TrainingLoop} calls around the iterations: writing the metrics files, the
 * sample grids and the checkpoints, evaluating the replay buffer. Listeners run in the order they were given, each
 * after the iteration's {@link Trainer#step}; a new one is a class of its own plus one line where the loop is built
 * ({@link TrainingLoop#standard}).
 */
public interface IterationListener extends AutoCloseable {
    /** Before the first iteration this process runs; {@code trainer.iteration()} is where the run starts or resumes. */
    default void started(Trainer trainer) throws IOException {
    }

    /** After each completed iteration; {@code trainer.iteration()} is its 1-based number. */
    void afterIteration(Trainer trainer, StepMetrics metrics) throws IOException;

    /** Whether {@code iteration} is due for a job done every {@code every} iterations (and always at the last one). */
    static boolean due(Trainer trainer, long every) {
        long i = trainer.iteration();
        return (every > 0 && i % every == 0) || i == trainer.config().iterations();
    }

    @Override
    default void close() throws IOException {
    }
}
