package clel.evaluation;

/**
 * A 95% confidence interval of a proportion (e.g. class-conditional accuracy over n judged samples), by Wilson's score
 * method: (p + z^2/2n ± z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n) with z = 1.96. Unlike p ± z sqrt(p(1-p)/n) it stays
 * inside [0, 1] and is not empty at p = 0 or 1.
 *
 * @param low  lower end, in [0, 1]
 * @param high upper end, in [0, 1]
 */
public record ProportionInterval(double low, double high) {
    private static final double Z = 1.959963984540054;

    /**
     * @param successes how many of the n were counted (0..n)
     * @param n         how many were judged (at least 1)
     */
    public static ProportionInterval wilson95(long successes, long n) {
        if (n < 1 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("a proportion needs 0 <= successes <= n and n >= 1, got " + successes
                    + " of " + n);
        }
        double p = successes / (double) n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new ProportionInterval(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
