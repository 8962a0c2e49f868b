package clel.config;

/**
 * Exponential moving averages of both networks, used for evaluation. YAML section {@code ema}.
 *
 * @param halflife half-life in SAMPLES (public code 20,000): decay = 0.5^(batch_size / halflife); the averages
 *                 simply copy the live weights for the first halflife / batch_size iterations
 */
public record EmaConfig(double halflife) {
    /**
     * Validates the settings; a {@link ConfigException} names the first invalid one.
     *
     * @param halflife half-life in SAMPLES (public code 20,000): decay = 0.5^(batch_size / halflife); the averages
     *                 simply copy the live weights for the first halflife / batch_size iterations
     */
    public EmaConfig {
        Checks.positive("ema.halflife", halflife);
    }
}
