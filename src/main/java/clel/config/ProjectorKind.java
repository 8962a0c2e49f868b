package clel.config;

/** The directional projector g of eq. (10) (paper Table 5 ablation). */
public enum ProjectorKind {
    /** g(u) = W2 LeakyReLU(W1 u), no biases, hidden width set by model.projector_hidden (paper default). */
    MLP("mlp"),
    /** g(u) = W u, no bias. */
    LINEAR("linear"),
    /** g(u) = u. */
    IDENTITY("identity");

    private final String key;

    ProjectorKind(String key) { this.key = key; }

    @Override
    public String toString() { return key; }
}
