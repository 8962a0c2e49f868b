package clel.training;

/** The phases of a training step ({@link Trainer#step}), in order, as {@link PhaseTimes} measures them. */
public enum StepPhase {
    /** Data batch read and dequantized. */
    DATA("data"),
    /** Chains drawn from the replay buffer and moved by the transition augmentation. */
    TRANSITION("buffer + transition"),
    /** SGLD: forward and input-gradient backward per step, the update, writing back. */
    SGLD("SGLD"),
    /** t(x) and the two encoder views (augmentation). */
    AUGMENT("augmentation"),
    /** z = h(t(x)) without gradient. */
    LATENT("latent z"),
    /** The training forward: EBM on [x; x~], encoder on the views, both losses. */
    FORWARD("forward + losses"),
    /** The backward pass of L_EBM + L_LE. */
    BACKWARD("backward"),
    /** Gradient norms, finiteness and extremes for the guard and the log. */
    GUARD("guard + diagnostics"),
    /** Adam (f, g) and SGD (h). */
    OPTIMIZERS("optimizers"),
    /** The EMA copies. */
    EMA("EMA");

    private final String label;

    StepPhase(String label) {
        this.label = label;
    }

    /** @return the phase's name in tables of phase times */
    public String label() {
        return label;
    }
}
