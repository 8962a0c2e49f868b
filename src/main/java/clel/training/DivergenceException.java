package clel.training;

import clel.config.DivergenceAction;

/**
 * The guard found a problem (see {@link clel.config.GuardConfig}); {@link #action} says what the configuration wants
 * done about it: roll back to the last checkpoint, or stop the run.
 */
public final class DivergenceException extends RuntimeException {
    private final DivergenceAction action;

    /** A problem that stops the run. */
    public DivergenceException(String message) {
        this(message, DivergenceAction.STOP);
    }

    public DivergenceException(String message, DivergenceAction action) {
        super(message);
        this.action = action;
    }

    public DivergenceAction action() {
        return action;
    }
}
