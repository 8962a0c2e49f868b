package clel.training;

/** Receives a run's progress; the command-line tool shows it and writes train.log. */
public interface TrainingListener {
    /**
     * The run is about to execute iterations [from, to).
     *
     * @param from iterations already completed (0 for a new run)
     * @param to   the configured total
     */
    default void onStart(long from, long to) {
    }

    /**
     * An iteration has completed.
     *
     * @param metrics what it measured; {@code metrics.iteration()} is its 1-based number
     */
    default void onStep(StepMetrics metrics) {
    }

    /**
     * A notable event in words (checkpoint written, rollback, ...).
     *
     * @param message the event, in one line
     */
    default void onMessage(String message) {
    }

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {
    };
}
