package clel.config;

/**
 * Divergence guard. YAML section {@code guard}.
 *
 * @param onDivergence stop | rollback (default stop)
 * @param maxEnergy    |E(x)| or |E(x~)| above this counts as divergence (default 1e4)
 * @param maxRollbacks rollbacks allowed before giving up (default 3)
 */
public record GuardConfig(DivergenceAction onDivergence, double maxEnergy, int maxRollbacks) {
    public GuardConfig {
        Checks.notNull("guard.on_divergence", onDivergence);
        Checks.positive("guard.max_energy", maxEnergy);
        Checks.nonNegative("guard.max_rollbacks", maxRollbacks);
    }
}
