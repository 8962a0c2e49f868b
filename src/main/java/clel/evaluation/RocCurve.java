package clel.evaluation;

import java.util.Arrays;

/**
 * A receiver operating characteristic curve and the area under it.
 *
 * <p>{@code fpr[k]}, {@code tpr[k]} are the false- and true-positive rates when every score at or above the
 * k-th largest distinct score is called positive; the first point is (0, 0) and the last (1, 1). Tied scores
 * give a single diagonal step, so the trapezoidal area under the points equals {@link #auroc()}.
 *
 * @param fpr   false-positive rates, non-decreasing, from 0 to 1
 * @param tpr   true-positive rates, non-decreasing, from 0 to 1, same length as {@code fpr}
 * @param auroc area under the curve in [0, 1] (Mann-Whitney U / (n_pos n_neg), ties counting 1/2)
 */
public record RocCurve(double[] fpr, double[] tpr, double auroc) {

    /** Validates and copies the arrays. */
    public RocCurve {
        if (fpr == null || tpr == null) {
            throw new IllegalArgumentException("RocCurve: fpr and tpr must not be null");
        }
        if (fpr.length != tpr.length || fpr.length < 2) {
            throw new IllegalArgumentException("RocCurve: fpr and tpr must have the same length >= 2, got "
                    + fpr.length + " and " + tpr.length);
        }
        if (!(auroc >= 0 && auroc <= 1)) {
            throw new IllegalArgumentException("RocCurve: auroc must be in [0, 1], got " + auroc);
        }
        for (int k = 0; k < fpr.length; k++) {
            if (!(fpr[k] >= 0 && fpr[k] <= 1 && tpr[k] >= 0 && tpr[k] <= 1)) {
                throw new IllegalArgumentException("RocCurve: point " + k + " (" + fpr[k] + ", " + tpr[k]
                        + ") is outside [0, 1]^2");
            }
            if (k > 0 && (fpr[k] < fpr[k - 1] || tpr[k] < tpr[k - 1])) {
                throw new IllegalArgumentException("RocCurve: point " + k + " decreases");
            }
        }
        fpr = fpr.clone();
        tpr = tpr.clone();
    }

    /** @return a copy of the false-positive rates */
    @Override
    public double[] fpr() {
        return fpr.clone();
    }

    /** @return a copy of the true-positive rates */
    @Override
    public double[] tpr() {
        return tpr.clone();
    }

    /** @return the number of points */
    public int size() {
        return fpr.length;
    }

    /** @return the trapezoidal area under the points (equal to {@link #auroc()} up to rounding) */
    public double trapezoidArea() {
        double area = 0;
        for (int k = 1; k < fpr.length; k++) {
            area += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
        }
        return area;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RocCurve r && Arrays.equals(fpr, r.fpr) && Arrays.equals(tpr, r.tpr)
                && Double.compare(auroc, r.auroc) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(fpr) + Arrays.hashCode(tpr)) + Double.hashCode(auroc);
    }

    @Override
    public String toString() {
        return "RocCurve[points=" + fpr.length + ", auroc=" + auroc + "]";
    }
}
