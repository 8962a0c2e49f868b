package clel.experiment;

import java.util.Locale;

/**
 * Mean, standard deviation and 95% confidence interval of one measure over runs (e.g. seeds), NaN values left out.
 * The interval is Student's t over the runs: mean ± t(0.975, n - 1) * std / sqrt(n). With two seeds t is 12.71, so the
 * interval is wide; it says how far the seeds alone pin the mean down.
 *
 * @param mean mean of the finite values (NaN when there are none)
 * @param std  sample standard deviation (n - 1 in the denominator; 0 for one value, NaN for none)
 * @param n    number of finite values
 */
public record Summary(double mean, double std, int n) {
    /** t(0.975, df) for df = 1..30 (two-sided 95%); beyond 30 the normal 1.96 is used. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042};

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

    /** Half-width of the 95% interval of the mean; NaN for fewer than two values. */
    public double halfWidth95() {
        if (n < 2) {
            return Double.NaN;
        }
        double t = n - 1 <= T975.length ? T975[n - 2] : 1.96;
        return t * std / Math.sqrt(n);
    }

    /** "mean ± std" with {@code digits} decimals, "-" when there is no value. */
    public String format(int digits) {
        if (n == 0) {
            return "-";
        }
        String f = "%." + digits + "f";
        return n == 1 ? String.format(Locale.ROOT, f, mean)
                : String.format(Locale.ROOT, f + " ± " + f, mean, std);
    }

    /** "mean ± std (95%: low to high)" for two values or more, else as {@link #format}. */
    public String formatWithInterval(int digits) {
        if (n < 2) {
            return format(digits);
        }
        String f = "%." + digits + "f";
        double h = halfWidth95();
        return format(digits) + String.format(Locale.ROOT, " (95%%: " + f + " to " + f + ")", mean - h, mean + h);
    }
}
