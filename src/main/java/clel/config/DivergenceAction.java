package clel.config;

/** What the trainer does when the guard finds a problem (see {@link GuardConfig}). */
public enum DivergenceAction {
    /** Stop the run with a message; the last checkpoint stays as it was. */
    STOP("stop"),
    /** Reload the last good checkpoint and continue with other random draws (up to guard.max_rollbacks times). */
    ROLLBACK("rollback"),
    /** Discard this iteration's update (weights, optimizer states and EMA stay as they were) and go on; for single
     *  bad steps only (guard.on_bad_gradient), up to guard.max_skips in a row. */
    SKIP("skip");

    private final String key;

    DivergenceAction(String key) { this.key = key; }

    @Override
    public String toString() { return key; }
}
