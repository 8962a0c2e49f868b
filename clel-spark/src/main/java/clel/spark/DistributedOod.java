package clel.spark;

import clel.augment.AugmentationKind;
import clel.evaluation.OodEvaluation;
import clel.evaluation.RocCurve;
import clel.model.TrainedModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Distributed out-of-distribution scoring with eq. (14) of the paper,
 * s(x) = E(x) - beta g(f(x)/||f(x)||)^T h(t(x))/||h(t(x))|| ({@link TrainedModel#oodScore}), t = identity: executors
 * score chunks of {@code batch} consecutive images (the batches of single-machine {@code clel ood}, so every image
 * gets the same score), the driver puts the scores back in order and computes the AUROC per OOD set with the
 * in-distribution set as the positive class scored by -s(x) ({@link OodEvaluation}).
 */
public final class DistributedOod {
    private DistributedOod() {
    }

    /**
     * @param checkpoint checkpoint path, readable on every executor
     * @param ema        EMA weights (as the paper evaluates) or live ones
     * @param beta       beta of eq. (14)
     * @param batch      images scored at once (the single-machine {@code --batch})
     * @param partitions Spark partitions the chunks are spread over
     * @param device     where the executors score, a --device value (cpu, gpu, gpuN)
     */
    public record Job(String checkpoint, boolean ema, float beta, int batch, int partitions, String device)
            implements Serializable {
        public Job {
            if (!(beta >= 0) || batch <= 0 || partitions <= 0) {
                throw new IllegalArgumentException("--beta must be >= 0 and --batch, --partitions positive");
            }
            Objects.requireNonNull(device, "device");
        }

        /** A job that scores on the executors' CPUs. */
        public Job(String checkpoint, boolean ema, float beta, int batch, int partitions) {
            this(checkpoint, ema, beta, batch, partitions, "cpu");
        }
    }

    /** Scores of a chunk of one set. */
    private record ChunkScores(int set, int first, float[] scores) implements Serializable {
    }

    /**
     * Scores of every image of every set, in the sets' order.
     *
     * @return per set, s(x) of its images in order
     */
    public static List<float[]> scores(JavaSparkContext sc, Job job, List<ImageSource> sets) {
        List<ImageChunk> chunks = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            chunks.addAll(sets.get(i).chunks(i, job.batch()));
        }
        List<ChunkScores> scored = sc.parallelize(chunks, Math.max(1, Math.min(job.partitions(), chunks.size())))
                .mapPartitions(it -> {
                    TaskFaults.check();
                    TrainedModel m = ExecutorResources.model(job.checkpoint(), job.ema(), job.device());
                    List<ChunkScores> out = new ArrayList<>();
                    while (it.hasNext()) {
                        ImageChunk c = it.next();
                        out.add(new ChunkScores(c.set(), c.first(), m.oodScore(c.pixels(), job.beta(), AugmentationKind.NONE)));
                    }
                    return out.iterator();
                }).collect();
        List<float[]> all = new ArrayList<>();
        for (ImageSource s : sets) {
            all.add(new float[s.n()]);
        }
        for (ChunkScores c : scored) {
            System.arraycopy(c.scores(), 0, all.get(c.set()), c.first(), c.scores().length);
        }
        return all;
    }

    /** ROC curves (with AUROC) of each OOD set against the in-distribution set, from {@link #scores} of [in, out...]. */
    public static Map<String, RocCurve> evaluate(List<String> names, List<float[]> scores) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 1; i < names.size(); i++) {
            out.put(names.get(i), scores.get(i));
        }
        return OodEvaluation.evaluate(scores.get(0), out);
    }
}
