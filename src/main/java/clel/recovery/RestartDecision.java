package clel.recovery;

/**
 * Whether a crashed training process is started again, and the line that says so (for train.log).
 *
 * @param restart true: resume from the checkpoint (or start over when there is none); false: stop
 * @param message one line saying what happened and what is done about it
 */
public record RestartDecision(boolean restart, String message) {
}
