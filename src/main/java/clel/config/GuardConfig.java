package clel.config;

/**
 * Divergence guard. YAML section {@code guard}.
 *
 * @param onDivergence stop | rollback (default stop)
 * @param maxEnergy    |E(x)| or |E(x~)| above this counts as divergence (default 1e4)
 * @param maxEnergyGap E(x) - E(x~) above this counts as divergence: data energies far above the samples' are
 *                     the inverted state an EBM falls into after a sudden large update (0 = off; default 0)
 * @param maxRollbacks rollbacks allowed before giving up (default 3)
 */
public record GuardConfig(DivergenceAction onDivergence, double maxEnergy, double maxEnergyGap, int maxRollbacks) {
    public GuardConfig {
        Checks.notNull("guard.on_divergence", onDivergence);
        Checks.positive("guard.max_energy", maxEnergy);
        Checks.nonNegative("guard.max_energy_gap", maxEnergyGap);
        Checks.nonNegative("guard.max_rollbacks", maxRollbacks);
    }
}
