package clel.config;

/** How the marginal energy E(x) is read off the EBM features (paper Appendix D). */
public enum EnergyHeadKind {
    /** The paper's norm-direction separation: E(x) = 0.5 ||f(x)||^2 (eq. 11). */
    NORM("norm"),
    /** Appendix D's multi-head alternative: E(x) = g'(f(x)), a separate 2-layer MLP to a scalar. */
    MULTI_HEAD("multi-head");

    private final String key;

    EnergyHeadKind(String key) { this.key = key; }

    @Override
    public String toString() { return key; }
}
