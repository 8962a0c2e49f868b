package clel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.config.DivergenceAction;
import clel.config.GuardConfig;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The divergence guard's checks inside one training step: the loss and mean energies before the backward
 * ({@link #divergence}), and every gradient before the optimizers ({@link #acceptGradients}). A failed check zeroes the
 * gradients, so nothing of the bad step reaches the optimizer state. The checks across iterations (sustained
 * inversion, negative cosine, collapsed optimizer steps) are {@link TrainingHealth}'s.
 */
final class UpdateGuard {
    private final GuardConfig config;
    private final List<Block> blocks;
    private int consecutiveSkips;

    /** @param blocks the networks whose gradients a failed check zeroes */
    UpdateGuard(GuardConfig config, List<Block> blocks) {
        this.config = config;
        this.blocks = blocks;
    }

    /** Forgets the skips in a row (after a rollback). */
    void reset() {
        consecutiveSkips = 0;
    }

    /**
     * Throws a {@link DivergenceException} (with guard.on_divergence) when the loss or energies of iteration t have
     * diverged or inverted; see {@link #divergence}.
     */
    void checkLoss(long t, float loss, float eReal, float eFake) {
        String problem = divergence(config, t, loss, eReal, eFake);
        if (problem != null) {
            zeroGradients();
            throw new DivergenceException(problem, config.onDivergence());
        }
    }

    /**
     * Whether this iteration's gradients may be applied. A non-finite gradient never is: the gradients are zeroed and,
     * as guard.on_bad_gradient says, the update is skipped (up to guard.max_skips in a row) or a
     * {@link DivergenceException} asks for a rollback or a stop.
     *
     * @param t         0-based iteration
     * @param ebm       the EBM's gradient norms
     * @param encoder   the encoder's gradient norms
     * @param log       told about a skipped update
     */
    boolean acceptGradients(long t, GradientNorms ebm, GradientNorms encoder, Consumer<String> log) {
        int bad = ebm.firstNonFinite();
        GradientNorms where = ebm;
        if (bad < 0) {
            bad = encoder.firstNonFinite();
            where = encoder;
        }
        if (bad < 0) {
            consecutiveSkips = 0;
            return true;
        }
        zeroGradients();
        String problem = "non-finite gradient at iteration " + (t + 1) + ": ||grad " + where.names().get(bad) + "|| = "
                + where.norms()[bad];
        if (config.onBadGradient() != DivergenceAction.SKIP) {
            throw new DivergenceException(problem, config.onBadGradient());
        }
        consecutiveSkips++;
        if (consecutiveSkips > config.maxSkips()) {
            throw new DivergenceException(problem + "; " + consecutiveSkips + " updates in a row skipped (guard.max_skips "
                    + config.maxSkips() + ")", config.onDivergence());
        }
        log.accept("iteration " + (t + 1) + ": update skipped (guard.on_bad_gradient=skip): " + problem);
        return false;
    }

    /**
     * The guard's single-step verdict on one iteration's loss and mean energies: null when healthy, else what is wrong.
     * Diverged: a non-finite loss, or |E(x)| or |E(x~)| above guard.max_energy. Inverted: E(x) - E(x~) above
     * guard.max_energy_gap (when that is positive).
     */
    static String divergence(GuardConfig guard, long t, float loss, float eReal, float eFake) {
        double max = guard.maxEnergy();
        if (!Float.isFinite(loss) || !(Math.abs(eReal) <= max) || !(Math.abs(eFake) <= max)) {
            return String.format(Locale.ROOT,
                    "EBM diverged at iteration %d: loss %s, E(x) %s, E(x~) %s (guard.max_energy %s)", t, loss, eReal, eFake, max);
        }
        double gap = guard.maxEnergyGap();
        if (gap > 0 && eReal - eFake > gap) {
            return String.format(Locale.ROOT,
                    "EBM inverted at iteration %d: E(x) %s is above E(x~) %s by more than guard.max_energy_gap %s",
                    t, eReal, eFake, gap);
        }
        return null;
    }

    private void zeroGradients() {
        for (Block block : blocks) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray a = p.getValue().getArray();
                if (a.hasGradient()) {
                    try (NDArray g = a.getGradient()) {
                        g.set(new NDIndex("..."), 0);
                    }
                }
            }
        }
    }
}
