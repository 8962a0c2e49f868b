package clel.evaluation;

import java.util.Arrays;

/**
 * Area under the ROC curve for out-of-distribution detection (paper Section 4.2, Table 4).
 *
 * <p>Positives are expected to score higher than negatives. The AUROC is the Mann-Whitney statistic
 * {@code U / (n_pos n_neg)} = P(s_pos > s_neg) + P(s_pos = s_neg) / 2, i.e. midranks for ties: every tied
 * (positive, negative) pair counts 1/2. It is computed exactly with integer pair counts after sorting,
 * in O(n log n).
 */
public final class Auroc {

    private Auroc() {
    }

    /**
     * @param positives scores of the positive class (e.g. in-distribution), non-empty, no NaN
     * @param negatives scores of the negative class (e.g. an OOD set), non-empty, no NaN
     * @return the AUROC in [0, 1]
     * @throws IllegalArgumentException if an array is null or empty or holds NaN
     */
    public static double auroc(double[] positives, double[] negatives) {
        double[] pos = sortedCopy(positives, "positives");
        double[] neg = sortedCopy(negatives, "negatives");
        // Walk both sorted arrays upwards by groups of equal score; twiceU accumulates
        // 2 * sum over positives of (#negatives below + #negatives tied / 2).
        long twiceU = 0;
        long negBelow = 0;
        int i = 0;
        int j = 0;
        while (i < pos.length) {
            double v = j < neg.length ? Math.min(pos[i], neg[j]) : pos[i];
            int pg = 0;
            while (i < pos.length && pos[i] == v) {
                i++;
                pg++;
            }
            int ng = 0;
            while (j < neg.length && neg[j] == v) {
                j++;
                ng++;
            }
            twiceU += (long) pg * (2 * negBelow + ng);
            negBelow += ng;
        }
        return twiceU / (2.0 * pos.length * (double) neg.length);
    }

    /**
     * The ROC curve: one point per distinct score threshold, from (0, 0) to (1, 1), tied scores giving a
     * single diagonal step.
     *
     * @param positives scores of the positive class, non-empty, no NaN
     * @param negatives scores of the negative class, non-empty, no NaN
     * @return the curve with its exact AUROC
     * @throws IllegalArgumentException if an array is null or empty or holds NaN
     */
    public static RocCurve curve(double[] positives, double[] negatives) {
        double[] pos = sortedCopy(positives, "positives");
        double[] neg = sortedCopy(negatives, "negatives");
        int n = pos.length + neg.length;
        double[] fpr = new double[n + 1];
        double[] tpr = new double[n + 1];
        int points = 1;
        int i = pos.length - 1;
        int j = neg.length - 1;
        long tp = 0;
        long fp = 0;
        while (i >= 0 || j >= 0) {
            double v;
            if (i < 0) {
                v = neg[j];
            } else if (j < 0) {
                v = pos[i];
            } else {
                v = Math.max(pos[i], neg[j]);
            }
            while (i >= 0 && pos[i] == v) {
                i--;
                tp++;
            }
            while (j >= 0 && neg[j] == v) {
                j--;
                fp++;
            }
            fpr[points] = fp == neg.length ? 1.0 : fp / (double) neg.length;
            tpr[points] = tp == pos.length ? 1.0 : tp / (double) pos.length;
            points++;
        }
        return new RocCurve(Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points), auroc(positives, negatives));
    }

    private static double[] sortedCopy(double[] scores, String name) {
        if (scores == null) {
            throw new IllegalArgumentException("AUROC: " + name + " must not be null");
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("AUROC: " + name + " is empty; need at least one score");
        }
        for (int k = 0; k < scores.length; k++) {
            if (Double.isNaN(scores[k])) {
                throw new IllegalArgumentException("AUROC: " + name + "[" + k + "] is NaN");
            }
        }
        double[] copy = scores.clone();
        Arrays.sort(copy);
        return copy;
    }
}
