package clel.experiment;

import clel.report.ComparisonPage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the measures of {@link EvaluationSettings}: each one's column in the results table and in
 * RUN/eval/experiment.json ("AUROC SET", "class accuracy", "compose A+B", "K-NN accuracy"), the settings text stored
 * with its value (a stored value counts only under the same text), and the sample grids written to RUN/eval/.
 */
final class MeasureNames {
    /** Column of the class-conditional accuracy. */
    static final String CLASS_ACCURACY = "class accuracy";
    /** The grid of the class-conditional samples in RUN/eval/ (one row per class). */
    static final String CLASSES_GRID = ComparisonPage.EVALUATION_GRID_PREFIX + "classes.png";

    private MeasureNames() {
    }

    /** The column of the AUROC against an OOD set. */
    static String oodColumn(String set) {
        return "AUROC " + set;
    }

    /** The settings of an AUROC measure, as stored. */
    static String oodSettings(double beta, int count) {
        return "ood_beta=" + beta + " ood_count=" + count;
    }

    /** The column of a composition's accuracy. */
    static String composeColumn(List<String> attributes) {
        return "compose " + String.join("+", attributes);
    }

    /** The grid of a composition's samples in RUN/eval/. */
    static String composeGrid(List<String> attributes) {
        return ComparisonPage.EVALUATION_GRID_PREFIX + "compose-" + String.join("+", attributes)
                .replaceAll("[^A-Za-z0-9._+-]", "_") + ".png";
    }

    /** The column of the encoder's k-NN accuracy with k neighbours. */
    static String knnColumn(int k) {
        return k + "-NN accuracy";
    }

    /** The columns of the measures the settings ask for: OOD sets, class accuracy, compositions, k-NN. */
    static List<String> columns(EvaluationSettings e) {
        List<String> c = new ArrayList<>(e.ood().stream().map(MeasureNames::oodColumn).toList());
        if (e.classAccuracy()) {
            c.add(CLASS_ACCURACY);
        }
        e.compose().forEach(a -> c.add(composeColumn(a)));
        if (e.knn()) {
            c.add(knnColumn(e.knnK()));
        }
        return c;
    }

    /** Each column's settings, as stored with its value. */
    static Map<String, String> settingsByColumn(EvaluationSettings e) {
        Map<String, String> s = new LinkedHashMap<>();
        e.ood().forEach(set -> s.put(oodColumn(set), oodSettings(e.oodBeta(), e.oodCount())));
        String sampling = "samples_per_condition=" + e.samplesPerCondition() + " latent_images=" + e.latentImages()
                + " sampling_steps=" + (e.samplingSteps() == 0 ? "run" : e.samplingSteps()) + " sampling_rounds="
                + (e.samplingRounds() == 0 ? "run" : e.samplingRounds()) + " sampling_beta="
                + (Double.isNaN(e.samplingBeta()) ? "run" : e.samplingBeta()) + " seed=" + RunEvaluator.SEED;
        if (e.classAccuracy()) {
            s.put(CLASS_ACCURACY, "classifier=" + e.classifier() + " " + sampling);
        }
        e.compose().forEach(a -> s.put(composeColumn(a), "attribute_classifier=" + e.attributeClassifier() + " "
                + sampling));
        if (e.knn()) {
            s.put(knnColumn(e.knnK()), "knn_reference=" + e.knnReference() + " knn_queries=" + e.knnQueries());
        }
        return s;
    }
}
