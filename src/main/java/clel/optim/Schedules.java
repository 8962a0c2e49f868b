package clel.optim;

/**
 * Learning-rate schedules of Algorithm 1 as pure functions of the (0-based) iteration. StrictMath, as everywhere on
 * the training path: bit-identical values whatever the JIT has compiled, so seeded runs repeat exactly.
 */
public final class Schedules {
    private Schedules() {
    }

    /** Linear warm-up: base * min(1, (t + 1) / warmup); constant base when warmup is 0 (EBM, Appendix B). */
    public static double linearWarmup(double base, int warmup, long t) {
        if (warmup <= 0) {
            return base;
        }
        return base * Math.min(1.0, (t + 1) / (double) warmup);
    }

    /** Cosine annealing to 0 over {@code total} iterations: base * (1 + cos(pi t / total)) / 2 (encoder). */
    public static double cosine(double base, long total, long t) {
        double frac = Math.min(1.0, Math.max(0.0, t / (double) total));
        return base * 0.5 * (1 + StrictMath.cos(Math.PI * frac));
    }

    /**
     * EMA decay of the public code: 0 (copy the live weights) for the first halflife / batch iterations, then
     * 0.5^(batch / halflife), so that the weight of a sample halves every {@code halflifeSamples} samples.
     */
    public static double emaDecay(double halflifeSamples, int batchSize, long t) {
        if (t < halflifeSamples / batchSize) {
            return 0.0;
        }
        return StrictMath.pow(0.5, batchSize / halflifeSamples);
    }
}
