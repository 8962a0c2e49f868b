package clel.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.evaluation.NpyFile;
import clel.model.TrainedModel;
import clel.sampling.ConditionalSampler;
import clel.sampling.ImageBytes;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Distributed unconditional sampling (SGLD from uniform noise, paper Section 4.1, eq. 4 with the energy of eq. 11):
 * N samples split into shards of {@code shardSize} chains; shard k is sampled on some executor with seed
 * {@link ConditionalSampler#shardSeed(int, int) shardSeed(seed, k)}, exactly as batch k of single-machine
 * {@code clel sample --batch shardSize}. The samples therefore do not depend on how shards are spread over
 * partitions or machines, and a retried task writes the same shard again.
 *
 * <p>Each task writes its shards as {@code .npy} files into the output folder (atomically: temporary file, then
 * rename), which must be visible to every executor; the driver then writes {@code manifest.json}.
 */
public final class DistributedSampling {
    private DistributedSampling() {
    }

    /**
     * @param checkpoint checkpoint path, readable on every executor
     * @param ema        EMA weights (the paper's evaluation weights) or live ones
     * @param count      N samples
     * @param shardSize  chains per shard (the single-machine batch size to match)
     * @param seed       sampling seed
     * @param steps      SGLD steps per round
     * @param rounds     rounds of SGLD steps
     * @param float32    write float32 (N, C, H, W) shards instead of the uint8 (N, H, W, C) of {@code clel sample}
     * @param partitions Spark partitions the shards are spread over
     * @param output     output folder, visible to every executor
     * @param device     where the executors sample, a --device value (cpu, gpu, gpuN)
     */
    public record Job(String checkpoint, boolean ema, int count, int shardSize, int seed, int steps, int rounds,
                      boolean float32, int partitions, String output, String device) implements Serializable {
        public Job {
            if (count <= 0 || shardSize <= 0 || steps <= 0 || rounds <= 0 || partitions <= 0) {
                throw new IllegalArgumentException("--count, --shard-size, --steps, --rounds and --partitions must be positive");
            }
            Objects.requireNonNull(device, "device");
        }

        /** A job that samples on the executors' CPUs. */
        public Job(String checkpoint, boolean ema, int count, int shardSize, int seed, int steps, int rounds,
                   boolean float32, int partitions, String output) {
            this(checkpoint, ema, count, shardSize, seed, steps, rounds, float32, partitions, output, "cpu");
        }

        int shards() {
            return (count + shardSize - 1) / shardSize;
        }
    }

    /** Runs the job and writes the manifest; returns it. */
    public static SampleManifest run(JavaSparkContext sc, Job job) throws IOException {
        Path out = Path.of(job.output());
        Files.createDirectories(out);
        List<Integer> shards = IntStream.range(0, job.shards()).boxed().toList();
        JavaRDD<SampleManifest.ShardFile> written = sc.parallelize(shards, Math.min(job.partitions(), shards.size()))
                .mapPartitions(it -> {
                    TaskFaults.check();
                    List<SampleManifest.ShardFile> done = new ArrayList<>();
                    while (it.hasNext()) {
                        done.add(writeShard(job, it.next()));
                    }
                    return done.iterator();
                });
        List<SampleManifest.ShardFile> files = written.collect();
        SampleManifest m = new SampleManifest(Path.of(job.checkpoint()).toAbsolutePath().toString(),
                job.ema() ? "EMA" : "live", job.count(), job.shardSize(), job.seed(), job.steps(), job.rounds(),
                job.float32() ? "float32" : "uint8", files);
        m.write(out);
        return m;
    }

    /** File name of shard k. */
    static String shardFile(int k) {
        return String.format(Locale.ROOT, "shard-%05d.npy", k);
    }

    private static SampleManifest.ShardFile writeShard(Job job, int k) {
        int first = k * job.shardSize();
        int n = Math.min(job.shardSize(), job.count() - first);
        float[] x;
        Shape img;
        TrainedModel m = ExecutorResources.model(job.checkpoint(), job.ema(), job.device());
        synchronized (m.lock()) { // the engine's random generator is global: one chain batch at a time per JVM
            img = m.imageShape();
            ConditionalSampler sampler = ConditionalSampler.of(m, job.steps(), job.rounds());
            try (NDManager scope = m.manager().newSubManager()) {
                NDArray samples = sampler.unconditional(scope, n, ConditionalSampler.shardSeed(job.seed(), k));
                x = samples.toFloatArray();
            }
        }
        int c = (int) img.get(0);
        int h = (int) img.get(1);
        int w = (int) img.get(2);
        Path file = Path.of(job.output()).resolve(shardFile(k));
        try {
            if (job.float32()) {
                NpyFile.writeFloat32(file, x, n, c, h, w);
            } else {
                NpyFile.writeUint8(file, ImageBytes.toNhwc(x, n, c, h, w), n, h, w, c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SampleManifest.ShardFile(shardFile(k), k, first, n);
    }
}
