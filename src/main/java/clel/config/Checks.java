package clel.config;

/** Validation of configuration values, each failure a one-line {@link ConfigException} naming the key. */
final class Checks {
    private Checks() {
    }

    static void notNull(String key, Object v) {
        if (v == null) {
            throw new ConfigException(key + " is required");
        }
    }

    static void positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigException(key + " must be a positive number, got " + v);
        }
    }

    static void nonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new ConfigException(key + " must be >= 0, got " + v);
        }
    }

    static void finite(String key, double v) {
        if (!Double.isFinite(v)) {
            throw new ConfigException(key + " must be a finite number, got " + v);
        }
    }

    static void probability(String key, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new ConfigException(key + " must be a probability in [0, 1], got " + v);
        }
    }

    /**
     * A whole number in [min, max]. The maxima of sizes and widths lie far above any real model's: they stop a
     * mistyped or crafted value (e.g. in a checkpoint's stored configuration) from asking for terabytes.
     */
    static void range(String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + v);
        }
    }

    /**
     * A batch that passes through BatchNorm in training mode (the encoder's MLP head normalizes over the batch): at
     * least 2 images, at most {@code max}.
     */
    static void batchSize(String key, int v, int max) {
        if (v < 2) {
            throw new ConfigException(key + " must be at least 2: BatchNorm in the encoder's MLP head normalizes over the "
                    + "batch, which needs 2 or more images; got " + v);
        }
        range(key, v, 2, max);
    }
}
