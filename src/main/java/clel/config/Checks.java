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
}
