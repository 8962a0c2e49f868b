package clel.classifier;

/**
 * Confusion matrices as pure functions (paper Fig. 3c: the classes an external classifier assigns to
 * class-conditional samples). Entry [i][j] counts the images of true class i predicted as class j.
 */
public final class ConfusionMatrix {
    private ConfusionMatrix() {
    }

    /**
     * Counts (true, predicted) pairs.
     *
     * @param trueLabels true class per image, each in [0, classes)
     * @param predicted  predicted class per image, same length, each in [0, classes)
     * @param classes    K, at least 1
     * @return a new K x K matrix whose entries sum to the number of images
     * @throws IllegalArgumentException on different lengths or a label outside [0, K)
     */
    public static long[][] of(int[] trueLabels, int[] predicted, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("confusion matrix: number of classes must be positive, got " + classes);
        }
        if (trueLabels.length != predicted.length) {
            throw new IllegalArgumentException("confusion matrix: " + trueLabels.length + " true labels but "
                    + predicted.length + " predictions");
        }
        long[][] m = new long[classes][classes];
        for (int i = 0; i < trueLabels.length; i++) {
            int t = trueLabels[i];
            int p = predicted[i];
            if (t < 0 || t >= classes || p < 0 || p >= classes) {
                throw new IllegalArgumentException("confusion matrix: image " + i + " has true label " + t
                        + " and prediction " + p + ", both must be in [0, " + classes + ")");
            }
            m[t][p]++;
        }
        return m;
    }

    /** Trace / total: the fraction of correct predictions (NaN for an empty matrix). */
    public static double accuracy(long[][] m) {
        long correct = 0;
        long total = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                total += m[i][j];
            }
            correct += m[i][i];
        }
        return total == 0 ? Double.NaN : correct / (double) total;
    }

    /** Per true class i: m[i][i] / sum_j m[i][j] (recall; NaN for a class with no images). */
    public static double[] recall(long[][] m) {
        double[] r = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            long row = 0;
            for (long v : m[i]) {
                row += v;
            }
            r[i] = row == 0 ? Double.NaN : m[i][i] / (double) row;
        }
        return r;
    }
}
