package clel.training;

/** Receives a run's progress; the command-line tool shows it and writes train.log. */
public interface TrainingListener {
    /** The run is about to execute iterations [from, to). */
    default void onStart(long from, long to) {
    }

    default void onStep(StepMetrics metrics) {
    }

    /** A notable event in words (checkpoint written, rollback, ...). */
    default void onMessage(String message) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
