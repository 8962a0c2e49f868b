package clel.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * Frechet distance between the feature statistics of generated images and of a reference data set
 * (FID when the extractor is Inception; "FD-&lt;extractor&gt;" otherwise). Reference statistics are cached per data
 * set, image count and extractor. Every evaluation starts from empty statistics: nothing accumulates across
 * calls (unlike the public code's FID helper).
 */
public final class FrechetScore {
    private static final int BATCH = 250;

    private final FeatureExtractor extractor;
    private final GaussianStatistics reference;

    private FrechetScore(FeatureExtractor extractor, GaussianStatistics reference) {
        this.extractor = extractor;
        this.reference = reference;
    }

    /**
     * @param cacheDir folder for cached reference statistics (null: no cache)
     * @param count    reference images (the first {@code count} of the set)
     */
    public static FrechetScore against(ImageSet data, int count, FeatureExtractor extractor, NDManager manager, Path cacheDir)
            throws IOException {
        int n = Math.min(count, data.count());
        Path cache = cacheDir == null ? null
                : cacheDir.resolve(String.format("%s-%s-%d.stats", data.name(), extractor.name(), n).replaceAll("[^A-Za-z0-9._-]", "_"));
        if (cache != null && Files.isRegularFile(cache)) {
            return new FrechetScore(extractor, GaussianStatistics.load(cache));
        }
        GaussianStatistics stats = statistics(extractor, n, manager, (from) -> {
            int m = Math.min(BATCH, n - from);
            return BatchSampler.toNDArray(manager, data, java.util.stream.IntStream.range(from, from + m).toArray());
        });
        if (cache != null) {
            stats.save(cache);
        }
        return new FrechetScore(extractor, stats);
    }

    /** Statistics of {@code total} images delivered in batches by {@code batchAt(from)}. */
    static GaussianStatistics statistics(FeatureExtractor extractor, int total, NDManager manager, IntFunction<NDArray> batchAt) {
        GaussianStatistics stats = null;
        for (int from = 0; from < total; from += BATCH) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray batch = batchAt.apply(from);
                batch.attach(scope);
                float[][] f = extractor.features(batch);
                if (stats == null) {
                    stats = new GaussianStatistics(f[0].length);
                }
                stats.add(f);
            }
        }
        return stats;
    }

    /** The distance of these generated images (N, C, H, W) to the reference; fresh statistics each call. */
    public double score(NDArray images) {
        int n = (int) images.getShape().get(0);
        if (n < 2) {
            throw new IllegalArgumentException("a Frechet distance needs at least 2 generated images, got " + n);
        }
        GaussianStatistics generated = statistics(extractor, n, images.getManager(),
                from -> images.get(from + ":" + Math.min(n, from + BATCH)));
        return FrechetDistance.distance(generated, reference);
    }

    /** "FID" for the Inception network, "FD-&lt;extractor&gt;" otherwise (the metric's honest name). */
    public String metricName() {
        return extractor.metricName();
    }
}
