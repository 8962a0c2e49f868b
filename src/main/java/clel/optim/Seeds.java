package clel.optim;

/**
 * Derives per-iteration seeds from the run seed, so every random choice of iteration t is a function of
 * (seed, t, stream): a resumed run draws exactly what an uninterrupted one would.
 */
public final class Seeds {
    private Seeds() {
    }

    /** SplitMix64 finalizer over the combination of the three values. */
    public static long mix(long seed, long iteration, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + iteration * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
