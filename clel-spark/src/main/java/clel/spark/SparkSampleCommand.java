package clel.spark;

import clel.cli.DeviceOption;
import clel.config.ClelConfig;
import clel.run.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clel spark sample}: distributed unconditional SGLD sampling ({@link DistributedSampling}). */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Unconditional samples from noise (SGLD), shard k with seed (seed + k): the same samples as "
                + "'clel sample --count N --batch SHARD --seed S' however the shards are partitioned.",
                "Writes shard-NNNNN.npy files and manifest.json into the output folder (which every executor must see)."})
final class SparkSampleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CKPT", description = "checkpoint written by training, at a path every executor can read")
    Path checkpoint;

    @Option(names = "--live", description = "use the live weights instead of the EMA weights (the paper evaluates EMA)")
    boolean live;

    @Option(names = "--count", defaultValue = "64", description = "number of samples (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = {"--shard-size", "--batch"}, defaultValue = "64",
            description = "chains per shard, the --batch of 'clel sample' to match (default: ${DEFAULT-VALUE})")
    int shardSize;

    @Option(names = "--seed", defaultValue = "0", description = "sampling seed (default: ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--steps", description = "SGLD steps from noise (default: sampler.eval_steps of the run)")
    Integer steps;

    @Option(names = "--rounds", description = "rounds of --steps SGLD steps (default: sampler.eval_rounds of the run)")
    Integer rounds;

    @Option(names = "--float32", description = "write float32 (N, C, H, W) shards in [0, 1] instead of uint8 (N, H, W, C)")
    boolean float32;

    @Option(names = {"-o", "--output"}, required = true, description = "output folder, visible to every executor")
    Path output;

    @Mixin
    SparkOptions spark;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        device.device(); // checked on the driver first; each executor checks it again for itself
        ClelConfig cfg = Checkpoint.read(checkpoint).config(checkpoint);
        int s = steps != null ? steps : cfg.sampler().evalSteps();
        int r = rounds != null ? rounds : cfg.sampler().evalRounds();
        PrintWriter pw = spec.commandLine().getOut();
        try (JavaSparkContext sc = spark.open("sample")) {
            int p = spark.partitions((count + Math.max(1, shardSize) - 1) / Math.max(1, shardSize));
            DistributedSampling.Job job = new DistributedSampling.Job(checkpoint.toAbsolutePath().toString(), !live, count,
                    shardSize, seed, s, r, float32, p, output.toAbsolutePath().toString(), device.name());
            long t0 = System.nanoTime();
            SampleManifest m = DistributedSampling.run(sc, job);
            double secs = (System.nanoTime() - t0) / 1e9;
            pw.printf(Locale.ROOT, "%d samples (%d x %d SGLD steps) in %d shards over %d partitions, master %s: %.1f s, "
                    + "%.3f samples/s%nwrote %s%n", count, r, s, m.shards().size(), Math.min(p, m.shards().size()),
                    sc.master(), secs, count / secs, output.resolve(SampleManifest.FILE));
        }
        pw.flush();
        return 0;
    }
}
