package clel.config;

/**
 * Divergence guard. YAML section {@code guard}. Three kinds of check:
 * <ul>
 *   <li>single steps, before the update: a non-finite loss or an energy above max_energy (and, optionally, the
 *       absolute gap max_energy_gap) is a divergence; a non-finite gradient in any parameter is a bad gradient,
 *       which is never folded into optimizer state;</li>
 *   <li>health rules over the last {@code window} iterations after the warm-up: sustained inversion of the
 *       energies relative to their scale, a latent cosine that stays below min_latent_cosine (when beta &gt; 0),
 *       and collapsed Adam steps (sum g^2 / sum v_hat below min_step_ratio throughout the window).</li>
 * </ul>
 *
 * @param onDivergence   stop | rollback, for divergences and failed health rules (default stop)
 * @param onBadGradient  skip | rollback | stop, for a non-finite gradient (default skip)
 * @param maxEnergy      |E(x)| or |E(x~)| above this counts as divergence (default 1e4)
 * @param maxEnergyGap   E(x) - E(x~) above this in one step counts as divergence (0 = off; default 0)
 * @param maxRollbacks   rollbacks allowed before giving up (default 3)
 * @param maxSkips       consecutive skipped steps before they count as a divergence (default 10)
 * @param window         iterations the health rules look at (0 = health rules off; default 100)
 * @param maxInversion   (mean E(x) - mean E(x~)) / max(|mean E(x)|, |mean E(x~)|) over the window above this is a
 *                       sustained inversion (data energies above the samples'; healthy runs are below 0; default 0.5)
 * @param inversionGrowth the inversion rule applies once the window's energy scale is this multiple of the scale over the
 *                       run's first 10 iterations (before that, barely trained energies of about 1e-4 sit above
 *                       the SGLD samples' in healthy runs; 0 = from the first full window; default 10)
 * @param minLatentCosine window mean of cos(g(f(x)), z) below this means the latent term has failed (default 0)
 * @param minStepRatio   sum g^2 / sum v_hat of the EBM's Adam below this in every iteration of the window means its
 *                       steps have collapsed (about 1 when healthy; default 1e-6)
 */
public record GuardConfig(DivergenceAction onDivergence, DivergenceAction onBadGradient, double maxEnergy,
                          double maxEnergyGap, int maxRollbacks, int maxSkips, int window, double maxInversion,
                          double inversionGrowth, double minLatentCosine, double minStepRatio) {
    /**
     * Validates the settings; a {@link ConfigException} names the first invalid one.
     *
     * @param onDivergence   stop | rollback, for divergences and failed health rules (default stop)
     * @param onBadGradient  skip | rollback | stop, for a non-finite gradient (default skip)
     * @param maxEnergy      |E(x)| or |E(x~)| above this counts as divergence (default 1e4)
     * @param maxEnergyGap   E(x) - E(x~) above this in one step counts as divergence (0 = off; default 0)
     * @param maxRollbacks   rollbacks allowed before giving up (default 3)
     * @param maxSkips       consecutive skipped steps before they count as a divergence (default 10)
     * @param window         iterations the health rules look at (0 = health rules off; default 100)
     * @param maxInversion   (mean E(x) - mean E(x~)) / max(|mean E(x)|, |mean E(x~)|) over the window above this is a
     *                       sustained inversion (data energies above the samples'; healthy runs are below 0; default 0.5)
     * @param inversionGrowth the inversion rule applies once the window's energy scale is this multiple of the scale over the
     *                        run's first 10 iterations (before that, barely trained energies of about 1e-4 sit above
     *                        the SGLD samples' in healthy runs; 0 = from the first full window; default 10)
     * @param minLatentCosine window mean of cos(g(f(x)), z) below this means the latent term has failed (default 0)
     * @param minStepRatio   sum g^2 / sum v_hat of the EBM's Adam below this in every iteration of the window means its
     *                       steps have collapsed (about 1 when healthy; default 1e-6)
     */
    public GuardConfig {
        Checks.notNull("guard.on_divergence", onDivergence);
        if (onDivergence == DivergenceAction.SKIP) {
            throw new ConfigException("guard.on_divergence: 'skip' applies to single bad steps only (guard.on_bad_gradient); "
                    + "use stop or rollback");
        }
        Checks.notNull("guard.on_bad_gradient", onBadGradient);
        Checks.positive("guard.max_energy", maxEnergy);
        Checks.nonNegative("guard.max_energy_gap", maxEnergyGap);
        Checks.nonNegative("guard.max_rollbacks", maxRollbacks);
        Checks.positive("guard.max_skips", maxSkips);
        Checks.nonNegative("guard.window", window);
        Checks.nonNegative("guard.max_inversion", maxInversion);
        Checks.nonNegative("guard.inversion_growth", inversionGrowth);
        Checks.finite("guard.min_latent_cosine", minLatentCosine);
        Checks.nonNegative("guard.min_step_ratio", minStepRatio);
    }

    /**
     * Health rules off, single-step checks as given (tests and callers that only need the single-step checks).
     *
     * @param onDivergence what a failed check does
     * @param maxEnergy    guard.max_energy
     * @param maxEnergyGap guard.max_energy_gap
     * @param maxRollbacks guard.max_rollbacks
     * @return the guard section
     */
    public static GuardConfig singleStep(DivergenceAction onDivergence, double maxEnergy, double maxEnergyGap,
                                         int maxRollbacks) {
        return new GuardConfig(onDivergence, DivergenceAction.SKIP, maxEnergy, maxEnergyGap, maxRollbacks, 10, 0, 0.5, 10, 0,
                1e-6);
    }
}
