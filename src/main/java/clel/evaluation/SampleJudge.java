package clel.evaluation;

import ai.djl.ndarray.NDArray;
import clel.classifier.ConfusionMatrix;
import clel.classifier.TrainedClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges conditional samples with an external classifier, as the paper does (Figure 3c: class-conditional accuracy;
 * Figure 4b: how often compositional samples have each attribute).
 */
public final class SampleJudge {
    private SampleJudge() {
    }

    /**
     * Class-conditional samples against the classes that conditioned them.
     *
     * @param confusion rows: the conditioning class; columns: the classifier's prediction
     * @param accuracy  the fraction of samples predicted as their conditioning class
     */
    public record ClassAccuracy(List<String> classes, long[][] confusion, double accuracy) {
    }

    /**
     * @param samples  (K * perClass, C, H, W): perClass samples conditioned on {@code classes.get(0)}, then on
     *                 {@code classes.get(1)}, ...
     * @param classes  the K conditioning class labels, in the samples' order (the classifier's output indices)
     * @param perClass samples per class
     */
    public static ClassAccuracy classConditional(TrainedClassifier classifier, NDArray samples, List<Integer> classes,
                                                 int perClass) {
        int[] predicted = classifier.predict(samples);
        if (predicted.length != classes.size() * perClass) {
            throw new IllegalArgumentException(predicted.length + " samples for " + classes.size() + " classes of "
                    + perClass);
        }
        int[] conditioned = new int[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            conditioned[i] = classes.get(i / perClass);
        }
        List<String> names = classifier.outputNames();
        long[][] confusion = ConfusionMatrix.of(conditioned, predicted, names.size());
        return new ClassAccuracy(names, confusion, ConfusionMatrix.accuracy(confusion));
    }

    /** The fraction of {@code samples} the classifier says have each attribute, by attribute (attribute classifiers). */
    public static Map<String, Double> attributeRates(TrainedClassifier classifier, NDArray samples, List<String> attributes) {
        int[] k = attributeIndices(classifier, attributes);
        boolean[][] predicted = classifier.predictAttributes(samples);
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int a = 0; a < k.length; a++) {
            int yes = 0;
            for (boolean[] r : predicted) {
                yes += r[k[a]] ? 1 : 0;
            }
            rates.put(attributes.get(a), yes / (double) predicted.length);
        }
        return rates;
    }

    /**
     * The fraction of {@code samples} the classifier says have every one of {@code attributes} at once (compositional
     * samples of eq. 15: how often the composition succeeded).
     */
    public static double allAttributesRate(TrainedClassifier classifier, NDArray samples, List<String> attributes) {
        Map<String, Boolean> wanted = new LinkedHashMap<>();
        attributes.forEach(a -> wanted.put(a, true));
        return wantedRates(classifier, samples, wanted).all();
    }

    /**
     * How often samples of a composition with negated attributes are as wanted.
     *
     * @param asWanted by attribute: the fraction of samples predicted with it when it is wanted present, without it
     *                 when wanted absent
     * @param present  by attribute: the fraction predicted with it
     * @param all      the fraction of samples with every attribute as wanted at once
     */
    public record WantedRates(Map<String, Double> asWanted, Map<String, Double> present, double all) {
    }

    /** @param wanted by attribute name, whether it is wanted present (true) or absent (false) */
    public static WantedRates wantedRates(TrainedClassifier classifier, NDArray samples, Map<String, Boolean> wanted) {
        List<String> names = List.copyOf(wanted.keySet());
        int[] k = attributeIndices(classifier, names);
        boolean[][] predicted = classifier.predictAttributes(samples);
        Map<String, Double> asWanted = new LinkedHashMap<>();
        Map<String, Double> present = new LinkedHashMap<>();
        int all = 0;
        for (boolean[] r : predicted) {
            boolean ok = true;
            for (int a = 0; a < k.length; a++) {
                ok &= r[k[a]] == wanted.get(names.get(a));
            }
            all += ok ? 1 : 0;
        }
        for (int a = 0; a < k.length; a++) {
            int yes = 0;
            for (boolean[] r : predicted) {
                yes += r[k[a]] ? 1 : 0;
            }
            double rate = yes / (double) predicted.length;
            present.put(names.get(a), rate);
            asWanted.put(names.get(a), wanted.get(names.get(a)) ? rate : 1 - rate);
        }
        return new WantedRates(asWanted, present, all / (double) predicted.length);
    }

    /**
     * Checks that the classifier predicts each of {@code attributes}, before any sample is drawn.
     *
     * @throws IllegalArgumentException naming an attribute it does not predict
     */
    public static void requireAttributes(TrainedClassifier classifier, List<String> attributes) {
        attributeIndices(classifier, attributes);
    }

    /** The classifier's output index of each attribute; an error naming one it does not predict. */
    private static int[] attributeIndices(TrainedClassifier classifier, List<String> attributes) {
        List<String> names = classifier.outputNames();
        int[] k = new int[attributes.size()];
        for (int a = 0; a < k.length; a++) {
            k[a] = names.indexOf(attributes.get(a));
            if (k[a] < 0) {
                throw new IllegalArgumentException("the classifier does not predict attribute '" + attributes.get(a)
                        + "' (it predicts " + String.join(", ", names) + "): train it with --attributes");
            }
        }
        return k;
    }

    /** How many samples the classifier assigns to each of its classes. */
    public static long[] predictedClassCounts(TrainedClassifier classifier, NDArray samples) {
        long[] counts = new long[classifier.outputNames().size()];
        for (int p : classifier.predict(samples)) {
            counts[p]++;
        }
        return counts;
    }
}
