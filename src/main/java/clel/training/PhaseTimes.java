package clel.training;

/**
 * Wall time per {@link StepPhase} of one training step. On the CPU every tensor operation has finished when it
 * returns, so the time between two laps is the phase's own work.
 */
public final class PhaseTimes {
    private final long[] nanos = new long[StepPhase.values().length];
    private long last = System.nanoTime();

    /**
     * Ends {@code phase}: the time since the previous lap (or since construction) is charged to it.
     *
     * @param phase the phase that ended
     */
    public void lap(StepPhase phase) {
        long now = System.nanoTime();
        nanos[phase.ordinal()] += now - last;
        last = now;
    }

    /** The time since the previous lap is charged to no phase (e.g. an observer's own work). */
    void skip() {
        last = System.nanoTime();
    }

    /**
     * @param phase a phase of the step
     * @return seconds spent in {@code phase}
     */
    public double seconds(StepPhase phase) {
        return nanos[phase.ordinal()] / 1e9;
    }
}
