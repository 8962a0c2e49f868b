package clel.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Frechet distance between the feature statistics of generated images and of a reference data set
 * (FID when the extractor is Inception; "FD-&lt;extractor&gt;" otherwise). Reference statistics are cached per data
 * set, image count and extractor. Every evaluation starts from empty statistics: nothing accumulates across
 * calls (unlike the public code's FID helper).
 */
public final class FrechetScore {
    /**
     * Images per feature-extraction batch: image i is always extracted together with the other images of batch
     * floor(i / FEATURE_BATCH), so a distributed extraction that keeps these batches gets the same features.
     */
    public static final int FEATURE_BATCH = 250;
    private static final int NOISE_SEED = 20231;

    private final FeatureExtractor extractor;
    private final GaussianStatistics reference;
    private final String referenceName;

    private FrechetScore(FeatureExtractor extractor, GaussianStatistics reference, String referenceName) {
        this.extractor = extractor;
        this.reference = reference;
        this.referenceName = referenceName;
    }

    /**
     * @param cacheDir folder for cached reference statistics (null: no cache)
     * @param count    reference images (the first {@code count} of the set)
     */
    public static FrechetScore against(ImageSet data, int count, FeatureExtractor extractor, NDManager manager, Path cacheDir)
            throws IOException {
        return against(data, "", count, extractor, manager, cacheDir);
    }

    /**
     * As {@link #against(ImageSet, int, FeatureExtractor, NDManager, Path)} for a named part of the data set, e.g.
     * "test", which tells apart the cached statistics of splits that share the set's name.
     */
    public static FrechetScore against(ImageSet data, String part, int count, FeatureExtractor extractor, NDManager manager,
                                       Path cacheDir) throws IOException {
        int n = Math.min(count, data.count());
        String setName = part.isEmpty() ? data.name() : data.name() + "-" + part;
        String referenceName = setName + "-" + n;
        Path cache = cacheDir == null ? null
                : cacheDir.resolve(String.format("%s-%s-%d.stats", setName, extractor.name(), n).replaceAll("[^A-Za-z0-9._-]", "_"));
        if (cache != null && Files.isRegularFile(cache)) {
            return new FrechetScore(extractor, GaussianStatistics.load(cache), referenceName);
        }
        GaussianStatistics stats = statistics(extractor, n, manager, (from) -> {
            int m = Math.min(FEATURE_BATCH, n - from);
            return BatchSampler.toNDArray(manager, data, IntStream.range(from, from + m).toArray());
        });
        if (cache != null) {
            stats.save(cache);
        }
        return new FrechetScore(extractor, stats, referenceName);
    }

    /** Statistics of {@code total} images delivered in batches by {@code batchAt(from)}. */
    static GaussianStatistics statistics(FeatureExtractor extractor, int total, NDManager manager, IntFunction<NDArray> batchAt) {
        GaussianStatistics stats = null;
        for (int from = 0; from < total; from += FEATURE_BATCH) {
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
                from -> images.get(from + ":" + Math.min(n, from + FEATURE_BATCH)));
        return FrechetDistance.distance(generated, reference);
    }

    /**
     * The floor and ceiling of this score for {@code n} images ({@link FrechetBounds}): {@code n} images of
     * {@code heldOut} (real images that are not in the reference), and {@code n} images of U(0, 1) noise drawn with a
     * fixed seed. Cached next to the reference statistics when {@code cacheDir} is given.
     */
    public FrechetBounds bounds(ImageSet heldOut, int n, NDManager manager, Path cacheDir) throws IOException {
        int count = Math.min(n, heldOut.count());
        if (count < 2) {
            throw new IllegalArgumentException("Frechet bounds need at least 2 held-out images, got " + count);
        }
        Path cache = cacheDir == null ? null : cacheDir.resolve(String.format("%s-%s-%s-bounds-%d.txt", referenceName,
                heldOut.name(), extractor.name(), count).replaceAll("[^A-Za-z0-9._-]", "_"));
        if (cache != null && Files.isRegularFile(cache)) {
            String[] v = Files.readString(cache).trim().split("\\s+");
            if (v.length == 2) {
                try {
                    return new FrechetBounds(Double.parseDouble(v[0]), Double.parseDouble(v[1]));
                } catch (NumberFormatException e) {
                    // recomputed below
                }
            }
        }
        double floor;
        double ceiling;
        try (NDManager scope = manager.newSubManager()) {
            floor = score(BatchSampler.toNDArray(scope, heldOut, IntStream.range(0, count).toArray()));
            ai.djl.engine.Engine.getInstance().setRandomSeed(NOISE_SEED);
            ceiling = score(scope.randomUniform(0f, 1f, new ai.djl.ndarray.types.Shape(count, heldOut.channels(),
                    heldOut.height(), heldOut.width())));
        }
        FrechetBounds b = new FrechetBounds(floor, ceiling);
        if (cache != null) {
            Files.createDirectories(cache.getParent());
            clel.io.AtomicFileWriter.write(cache, out -> out.write((floor + " " + ceiling + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    /** "FID" for the Inception network, "FD-&lt;extractor&gt;" otherwise (the metric's honest name). */
    public String metricName() {
        return extractor.metricName();
    }
}
