package clel.training;


import clel.config.GuardConfig;
import java.util.Locale;

/**
 * The guard's health rules over the last {@code guard.window} iterations (see {@link GuardConfig}): each iteration
 * after the warm-up is observed, and once the window is full the rules are checked every iteration.
 * <ul>
 *   <li>Sustained inversion: (mean E(x) - mean E(x~)) / max(|mean E(x)|, |mean E(x~)|) &gt; max_inversion. L_EBM
 *       (eq. 12) pushes data energies below the samples'; a window where they sit well above them, relative to
 *       their own scale, is the inverted state a diverged EBM stays in. The rule is armed once a window's energy
 *       scale max(|mean E(x)|, |mean E(x~)|) reaches guard.inversion_growth times the scale of the run's first
 *       {@value #REFERENCE_ITERATIONS} iterations: before that the barely trained energies are about 1e-4 and SGLD
 *       finds samples below the data at no cost, which healthy runs of the tiny preset show up to iteration ~140
 *       (runs/tiny-seed2: E(x) 3.6e-4 against E(x~) 0.9e-4 at iteration 40). A process whose first observed
 *       iteration comes after those (a resumed run, or a rollback to a later checkpoint) did not see them and is armed
 *       from the start.</li>
 *   <li>Failed latent term (only when beta &gt; 0): mean cos(g(f(x)), z) &lt; min_latent_cosine.</li>
 *   <li>Collapsed optimizer: sum g^2 / sum v_hat of the EBM's Adam &lt; min_step_ratio in every iteration of the
 *       window: v_hat was inflated by an outsized gradient and every step is now about 0.</li>
 * </ul>
 * Pure bookkeeping, no tensors: {@link #observe} returns what is wrong, or null.
 */
public final class TrainingHealth {
    /** Iterations from the run's start whose energy scale is the inversion rule's reference. */
    static final int REFERENCE_ITERATIONS = 10;
    private final GuardConfig guard;
    private final long firstChecked;
    private final boolean latentTerm;
    private final double[] data;
    private final double[] samples;
    private final double[] cosine;
    private final double[] stepRatio;
    private int filled;
    private int next;
    private double referenceSum;
    private int referenceCount;
    /** Null until decided: the first observed iteration tells whether the reference iterations are seen. */
    private Boolean inversionArmed;

    /**
     * @param guard      the rules' settings; window 0 turns them off
     * @param warmup     iterations before the rules start observing (the EBM's learning-rate warm-up)
     * @param latentTerm whether the latent term is trained (beta &gt; 0), which the cosine rule needs
     */
    public TrainingHealth(GuardConfig guard, long warmup, boolean latentTerm) {
        this.guard = guard;
        this.firstChecked = warmup;
        this.latentTerm = latentTerm;
        int w = guard.window();
        data = new double[w];
        samples = new double[w];
        cosine = new double[w];
        stepRatio = new double[w];
    }

    /** Forgets the observed iterations (after a rollback). */
    public void reset() {
        filled = 0;
        next = 0;
        referenceSum = 0;
        referenceCount = 0;
        inversionArmed = null;
    }

    /**
     * Records one iteration and checks the rules.
     *
     * @param iteration    iterations completed
     * @param energyData   mean E(x)
     * @param energySample mean E(x~)
     * @param latentCosine mean cos(g(f(x)), z)
     * @param gradToMoment sum g^2 / sum v_hat of the EBM's optimizer (NaN if unknown: never counts as collapsed)
     * @return null when healthy, else a one-line description naming the rule and its setting
     */
    public String observe(long iteration, double energyData, double energySample, double latentCosine,
                          double gradToMoment) {
        int w = data.length;
        if (inversionArmed == null) {
            inversionArmed = iteration > REFERENCE_ITERATIONS;
        }
        if (iteration <= REFERENCE_ITERATIONS && !inversionArmed) {
            referenceSum += Math.max(Math.abs(energyData), Math.abs(energySample));
            referenceCount++;
        }
        if (w == 0 || iteration <= firstChecked) {
            return null;
        }
        data[next] = energyData;
        samples[next] = energySample;
        cosine[next] = latentCosine;
        stepRatio[next] = gradToMoment;
        next = (next + 1) % w;
        filled = Math.min(filled + 1, w);
        if (filled < w) {
            return null;
        }
        double meanData = mean(data);
        double meanSamples = mean(samples);
        double scale = Math.max(Math.abs(meanData), Math.abs(meanSamples));
        double inversion = scale > 0 ? (meanData - meanSamples) / scale : 0;
        if (!inversionArmed && referenceCount > 0) {
            inversionArmed = scale >= guard.inversionGrowth() * referenceSum / referenceCount;
        }
        if (inversionArmed && inversion > guard.maxInversion()) {
            return String.format(Locale.ROOT, "EBM inverted over iterations %d-%d: mean E(x) %.4g is above mean E(x~) %.4g "
                    + "by %.0f%% of their scale (guard.max_inversion %s)", iteration - w + 1, iteration, meanData, meanSamples,
                    100 * inversion, guard.maxInversion());
        }
        double meanCosine = mean(cosine);
        if (latentTerm && meanCosine < guard.minLatentCosine()) {
            return String.format(Locale.ROOT, "latent term failed over iterations %d-%d: mean cos(g(f(x)), z) %.3f is below "
                    + "guard.min_latent_cosine %s", iteration - w + 1, iteration, meanCosine, guard.minLatentCosine());
        }
        double largestRatio = Double.NEGATIVE_INFINITY;
        for (double r : stepRatio) {
            largestRatio = Double.isNaN(r) ? Double.POSITIVE_INFINITY : Math.max(largestRatio, r);
        }
        if (largestRatio < guard.minStepRatio()) {
            return String.format(Locale.ROOT, "EBM optimizer collapsed over iterations %d-%d: sum g^2 / sum v_hat stayed "
                    + "below guard.min_step_ratio %s (largest %.3g): an outsized gradient inflated Adam's second moment",
                    iteration - w + 1, iteration, guard.minStepRatio(), largestRatio);
        }
        return null;
    }

    /** {@link #observe}s a step's metrics; a failed rule is a {@link DivergenceException} with the guard's action. */
    void check(StepMetrics m) {
        String unhealthy = observe(m.iteration(), m.energyData(), m.energySample(), m.latentCosine(),
                m.diagnostics().gradToMoment());
        if (unhealthy != null) {
            throw new DivergenceException(unhealthy, guard.onDivergence());
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
