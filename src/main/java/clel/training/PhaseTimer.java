package clel.training;

/**
 * Ends the phases of one training step: each phase's wall time goes to its {@link PhaseTimes}, then the observer sees
 * the phase's tensors; the observer's own time is charged to no phase.
 */
final class PhaseTimer {
    private final PhaseTimes times = new PhaseTimes();
    private final TrainingObserver observer;

    /** @param observer told of every phase that ends */
    PhaseTimer(TrainingObserver observer) {
        this.observer = observer;
    }

    /** Ends {@code phase}, whose results {@code step} now holds. */
    void end(StepPhase phase, StepTensors step) {
        times.lap(phase);
        observer.phaseEnded(phase, step);
        times.skip();
    }

    /** @return the wall time of each phase ended so far */
    PhaseTimes times() {
        return times;
    }
}
