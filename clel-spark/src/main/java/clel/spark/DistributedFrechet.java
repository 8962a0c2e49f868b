package clel.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.cli.DeviceOption;
import clel.evaluation.FeatureExtractorFile;
import clel.evaluation.FrechetDistance;
import clel.evaluation.FrechetScore;
import clel.evaluation.GaussianStatistics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Distributed Frechet-distance features (FID with the Inception network, "FD-&lt;classifier&gt;" with a project
 * classifier): executors extract features of their chunks and accumulate the Gaussian statistics (mu, Sigma) in
 * double precision ({@link GaussianStatistics}: per-batch sums, centred outer products); the driver combines the
 * partial statistics exactly with the parallel update of Chan et al. ({@link GaussianStatistics#merge}) and evaluates
 * d^2 = ||mu1 - mu2||^2 + tr(Sigma1 + Sigma2 - 2 (Sigma1 Sigma2)^{1/2}) ({@link FrechetDistance}).
 *
 * <p>Images are extracted in the same batches as on one machine ({@link FrechetScore#FEATURE_BATCH} consecutive
 * images, counted from the first), so every image gets the same features; only the order in which partial sums are
 * combined differs, which moves the distance by rounding only (well within 1e-9 relative).
 */
public final class DistributedFrechet {
    private DistributedFrechet() {
    }

    /**
     * @param classifier classifier file from {@code clel classifier train}, or null
     * @param inception  the FID Inception TorchScript file, or null (exactly one of the two; readable on every executor)
     * @param partitions Spark partitions the feature batches are spread over
     * @param device     where the executors extract features, a --device value (cpu, gpu, gpuN)
     */
    public record Job(String classifier, String inception, int partitions, String device) implements Serializable {
        public Job {
            if ((classifier == null) == (inception == null)) {
                throw new IllegalArgumentException("give exactly one feature extractor: --classifier or --inception");
            }
            if (partitions <= 0) {
                throw new IllegalArgumentException("--partitions must be positive");
            }
            Objects.requireNonNull(device, "device");
        }

        /** A job that extracts features on the executors' CPUs. */
        public Job(String classifier, String inception, int partitions) {
            this(classifier, inception, partitions, "cpu");
        }
    }

    /** Statistics of one image set and the name of the metric of the extractor that produced them. */
    public record Statistics(String metricName, GaussianStatistics statistics) implements Serializable {
    }

    /** The Frechet distance of two image sets' statistics. */
    public record Result(String metricName, Statistics samples, Statistics reference, double distance) {
    }

    /** The distance between {@code samples} and {@code reference}. */
    public static Result run(JavaSparkContext sc, Job job, ImageSource samples, ImageSource reference) {
        if (samples.n() < 2 || reference.n() < 2) {
            throw new IllegalArgumentException("a Frechet distance needs at least 2 images on each side, got "
                    + samples.n() + " samples and " + reference.n() + " reference images");
        }
        Statistics s = statistics(sc, job, samples);
        Statistics r = statistics(sc, job, reference);
        return new Result(s.metricName(), s, r, FrechetDistance.distance(s.statistics(), r.statistics()));
    }

    /** Gaussian statistics of the features of {@code images}, extracted on the executors and merged on the driver. */
    public static Statistics statistics(JavaSparkContext sc, Job job, ImageSource images) {
        List<ImageChunk> chunks = images.chunks(0, FrechetScore.FEATURE_BATCH);
        List<Statistics> partial = sc.parallelize(chunks, Math.min(job.partitions(), chunks.size()))
                .mapPartitions(it -> {
                    TaskFaults.check();
                    FeatureExtractorFile fx = ExecutorResources.extractor(job.classifier(), job.inception(), job.device());
                    GaussianStatistics stats = null;
                    while (it.hasNext()) {
                        float[][] f = features(fx, it.next(), job.device());
                        if (stats == null) {
                            stats = new GaussianStatistics(f[0].length);
                        }
                        stats.add(f);
                    }
                    List<Statistics> one = new ArrayList<>();
                    if (stats != null) {
                        one.add(new Statistics(fx.extractor().metricName(), stats));
                    }
                    return one.iterator();
                }).collect();
        GaussianStatistics all = partial.get(0).statistics().copy();
        for (int i = 1; i < partial.size(); i++) {
            all.merge(partial.get(i).statistics()); // in partition order: the same result on every run
        }
        return new Statistics(partial.get(0).metricName(), all);
    }

    private static float[][] features(FeatureExtractorFile fx, ImageChunk chunk, String device) {
        int[] s = chunk.shape();
        synchronized (fx) { // one inference at a time per JVM (see ExecutorResources)
            try (NDManager scope = NDManager.newBaseManager(DeviceOption.parse(device))) {
                NDArray x = scope.create(chunk.pixels(), new Shape(chunk.count(), s[0], s[1], s[2]));
                return fx.extractor().features(x);
            }
        }
    }
}
