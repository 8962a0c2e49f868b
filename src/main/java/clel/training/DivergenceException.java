package clel.training;

import clel.config.DivergenceAction;

/**
 * The guard found a problem (see {@link clel.config.GuardConfig}); {@link #action} says what the configuration wants
 * done about it: roll back to the last checkpoint, or stop the run.
 */
public final class DivergenceException extends RuntimeException {
    /** What the configuration wants done about the problem. */
    private final DivergenceAction action;

    /**
     * A problem that stops the run.
     *
     * @param message the problem, in one line
     */
    public DivergenceException(String message) {
        this(message, DivergenceAction.STOP);
    }

    /**
     * A problem with the action the configuration wants for it.
     *
     * @param message the problem, in one line
     * @param action  roll back to the last checkpoint, or stop
     */
    public DivergenceException(String message, DivergenceAction action) {
        super(message);
        this.action = action;
    }

    /** @return what the configuration wants done about the problem */
    public DivergenceAction action() {
        return action;
    }
}
