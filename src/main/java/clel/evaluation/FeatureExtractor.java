package clel.evaluation;

import ai.djl.ndarray.NDArray;

/**
 * Maps images (B, C, H, W) in [0, 1] to feature vectors for Frechet-distance scores. Implementations: the
 * project's own classifier trained on a labelled data set (its scores are "FD-&lt;name&gt;", never called FID),
 * or the standard FID Inception network where a user supplies it.
 */
public interface FeatureExtractor {
    /** Identifies the extractor in metric names and statistics caches (e.g. "shapes-classifier-3f2a9c"). */
    String name();

    /** The name of the Frechet distance in this feature space: "FD-&lt;name&gt;" unless it is FID's Inception network. */
    default String metricName() {
        return "FD-" + name();
    }

    /** (B, F) features. */
    float[][] features(NDArray images);
}
