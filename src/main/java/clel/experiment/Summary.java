package clel.experiment;

/**
 * Mean and standard deviation of one measure over runs (e.g. seeds), NaN values left out.
 *
 * @param mean mean of the finite values (NaN when there are none)
 * @param std  sample standard deviation (n - 1 in the denominator; 0 for one value, NaN for none)
 * @param n    number of finite values
 */
public record Summary(double mean, double std, int n) {
    public static Summary of(double... values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new Summary(Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new Summary(mean, n == 1 ? 0 : Math.sqrt(ss / (n - 1)), n);
    }

    /** "mean ± std" with {@code digits} decimals, "-" when there is no value. */
    public String format(int digits) {
        if (n == 0) {
            return "-";
        }
        String f = "%." + digits + "f";
        return n == 1 ? String.format(java.util.Locale.ROOT, f, mean)
                : String.format(java.util.Locale.ROOT, f + " ± " + f, mean, std);
    }
}
