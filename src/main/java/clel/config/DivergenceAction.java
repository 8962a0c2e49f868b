package clel.config;

/** What the trainer does when the EBM diverges (non-finite loss or exploding energies). */
public enum DivergenceAction {
    /** Stop the run with a message; the last checkpoint stays as it was. */
    STOP("stop"),
    /** Reload the last good checkpoint and continue (up to guard.max_rollbacks times). */
    ROLLBACK("rollback");

    private final String key;

    DivergenceAction(String key) { this.key = key; }

    @Override
    public String toString() { return key; }
}
