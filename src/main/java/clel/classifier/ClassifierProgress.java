package clel.classifier;

/** Receives the progress of {@link ClassifierTrainer} (e.g. to print it); called after every iteration. */
@FunctionalInterface
public interface ClassifierProgress {
    /** No-op listener. */
    ClassifierProgress NONE = (iteration, total, loss, lr) -> { };

    /**
     * @param iteration iterations done so far, 1..total
     * @param total     iterations of the run
     * @param loss      training loss of this iteration's batch (cross-entropy or binary cross-entropy)
     * @param lr        learning rate used for this iteration
     */
    void onIteration(int iteration, int total, double loss, double lr);
}
