package clel.classifier;

import java.util.List;

/**
 * A trained classifier's scores on a labelled image set.
 *
 * @param target         classes or attributes
 * @param outputNames    the K class or attribute names
 * @param count          number of images evaluated
 * @param accuracy       classes: top-1 accuracy; attributes: the mean of {@code outputAccuracy}
 * @param confusion      classes: the K x K confusion matrix ([true][predicted]); attributes: an empty array
 * @param outputAccuracy classes: per-class recall (NaN for a class without images); attributes: the fraction
 *                       of images whose attribute is predicted correctly (probability above 0.5 = present)
 */
public record ClassifierEvaluation(ClassifierTarget target, List<String> outputNames, int count, double accuracy,
                                   long[][] confusion, double[] outputAccuracy) {
    public ClassifierEvaluation {
        outputNames = List.copyOf(outputNames);
        if (outputAccuracy.length != outputNames.size()) {
            throw new IllegalArgumentException("classifier evaluation: " + outputAccuracy.length + " accuracies for "
                    + outputNames.size() + " outputs");
        }
        confusion = deepCopy(confusion);
        outputAccuracy = outputAccuracy.clone();
    }

    @Override
    public long[][] confusion() {
        return deepCopy(confusion);
    }

    @Override
    public double[] outputAccuracy() {
        return outputAccuracy.clone();
    }

    private static long[][] deepCopy(long[][] m) {
        long[][] c = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
