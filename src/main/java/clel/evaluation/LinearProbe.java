package clel.evaluation;

/**
 * A linear probe: multinomial logistic regression from features to a factor's values, fitted on labelled reference
 * features and scored on held-out queries. Features are standardized with the reference set's mean and std; the fit
 * minimizes the mean cross-entropy plus {@value #L2} times the squared weights by {@value #STEPS} full-batch Adam steps
 * (learning rate {@value #LEARNING_RATE}) from zero weights, so the result is deterministic.
 */
public final class LinearProbe {
    static final int STEPS = 300;
    static final double LEARNING_RATE = 0.05;
    static final double L2 = 1e-4;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private LinearProbe() {
    }

    /**
     * @param reference       (N, d) features of the labelled set
     * @param referenceValues N values in [0, classes)
     * @param query           (M, d) features to classify
     * @param queryValues     M true values in [0, classes)
     * @param classes         number of values
     * @return the fraction of queries classified right
     */
    public static double accuracy(float[][] reference, int[] referenceValues, float[][] query, int[] queryValues,
                                  int classes) {
        if (reference.length == 0 || reference.length != referenceValues.length || query.length != queryValues.length) {
            throw new IllegalArgumentException("linear probe: features and values differ in count, or no reference");
        }
        int d = reference[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        standardization(reference, mean, std);
        double[][] x = standardized(reference, mean, std);
        double[][] w = new double[classes][d + 1];
        double[][] m = new double[classes][d + 1];
        double[][] v = new double[classes][d + 1];
        double[] p = new double[classes];
        for (int step = 1; step <= STEPS; step++) {
            double[][] grad = new double[classes][d + 1];
            for (int i = 0; i < x.length; i++) {
                softmax(w, x[i], p);
                p[referenceValues[i]] -= 1;
                for (int c = 0; c < classes; c++) {
                    double g = p[c] / x.length;
                    for (int j = 0; j < d; j++) {
                        grad[c][j] += g * x[i][j];
                    }
                    grad[c][d] += g;
                }
            }
            double c1 = 1 - Math.pow(BETA1, step);
            double c2 = 1 - Math.pow(BETA2, step);
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j <= d; j++) {
                    double g = grad[c][j] + (j < d ? 2 * L2 * w[c][j] : 0);
                    m[c][j] = BETA1 * m[c][j] + (1 - BETA1) * g;
                    v[c][j] = BETA2 * v[c][j] + (1 - BETA2) * g * g;
                    w[c][j] -= LEARNING_RATE * (m[c][j] / c1) / (Math.sqrt(v[c][j] / c2) + EPS);
                }
            }
        }
        int correct = 0;
        for (int i = 0; i < query.length; i++) {
            softmax(w, standardized(query[i], mean, std), p);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            if (best == queryValues[i]) {
                correct++;
            }
        }
        return correct / (double) query.length;
    }

    private static void standardization(float[][] rows, double[] mean, double[] std) {
        int d = mean.length;
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                std[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / rows.length) + 1e-8;
        }
    }

    private static double[][] standardized(float[][] rows, double[] mean, double[] std) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = standardized(rows[i], mean, std);
        }
        return out;
    }

    private static double[] standardized(float[] row, double[] mean, double[] std) {
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - mean[j]) / std[j];
        }
        return out;
    }

    /** p = softmax(W [x; 1]). */
    private static void softmax(double[][] w, double[] x, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double s = w[c][x.length];
            for (int j = 0; j < x.length; j++) {
                s += w[c][j] * x[j];
            }
            p[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < w.length; c++) {
            p[c] /= sum;
        }
    }
}
