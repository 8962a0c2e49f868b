package clel.evaluation;

import clel.augment.AugmentationKind;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.model.TrainedModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Out-of-distribution detection with a trained model (paper Section 4.2): the score of eq. (14) for every image of an
 * in-distribution set and of each OOD set, in batches, and the ROC curves that separate them.
 *
 * @param in     the in-distribution set's scores
 * @param out    each OOD set's scores, by name
 * @param curves each OOD set's ROC curve against the in-distribution scores (AUROC: {@link RocCurve#auroc})
 */
public record OodScores(float[] in, Map<String, float[]> out, Map<String, RocCurve> curves) {

    /**
     * @param model        the trained model
     * @param inSet        in-distribution images
     * @param outSets      OOD images, by name (in the order given)
     * @param beta         beta of eq. (14)
     * @param augmentation t of eq. (14)
     * @param batch        images scored per call
     */
    public static OodScores evaluate(TrainedModel model, ImageSet inSet, Map<String, ImageSet> outSets, float beta,
                                     AugmentationKind augmentation, int batch) {
        float[] in = score(model, inSet, beta, augmentation, batch);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, ImageSet> e : outSets.entrySet()) {
            out.put(e.getKey(), score(model, e.getValue(), beta, augmentation, batch));
        }
        return new OodScores(in, out, OodEvaluation.evaluate(in, out));
    }

    /** The score of eq. (14) of every image of {@code set}, {@code batch} images per call (lower = in-distribution). */
    public static float[] score(TrainedModel model, ImageSet set, float beta, AugmentationKind augmentation, int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("OOD scoring batch must be positive, got " + batch);
        }
        float[] all = new float[set.count()];
        for (int from = 0; from < set.count(); from += batch) {
            int n = Math.min(batch, set.count() - from);
            float[] images = BatchSampler.pixels(set, IntStream.range(from, from + n).toArray());
            System.arraycopy(model.oodScore(images, beta, augmentation), 0, all, from, n);
        }
        return all;
    }

    /** The AUROC of each OOD set, by name. */
    public Map<String, Double> auroc() {
        Map<String, Double> m = new LinkedHashMap<>();
        curves.forEach((k, v) -> m.put(k, v.auroc()));
        return m;
    }

    /** Mean of scores. */
    public static double mean(float[] scores) {
        double s = 0;
        for (float x : scores) {
            s += x;
        }
        return s / scores.length;
    }
}
