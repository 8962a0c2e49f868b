package clel.spark;

import clel.cli.DeviceOption;
import clel.config.ClelConfig;
import clel.data.source.DataSources;
import clel.report.EvalTable;
import clel.run.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clel spark fd}: the Frechet distance of two image sets with distributed feature extraction ({@link DistributedFrechet}). */
@Command(name = "fd", mixinStandardHelpOptions = true,
        description = {"Frechet distance between generated images and reference images, features extracted on the "
                + "executors and their Gaussian statistics merged exactly on the driver: FID with --inception, "
                + "FD-<classifier> with --classifier.",
                "SOURCE: a folder written by 'clel spark sample', a .npy file of images, or a data set "
                        + "(shapes, NAME=ROOT as for 'clel ood')."})
final class SparkFdCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Extractor extractor;

    static final class Extractor {
        @Option(names = "--classifier", description = "feature extractor: a file from 'clel classifier train' (FD-<classifier>)")
        Path classifier;

        @Option(names = "--inception", description = "the FID Inception network, NVIDIA's TorchScript inception-2015-12-05.pt")
        Path inception;
    }

    @Option(names = "--samples", required = true, paramLabel = "SOURCE", description = "generated images")
    String samples;

    @Option(names = "--count", description = "use at most this many generated images (default: all of a sample folder or "
            + ".npy file, 5000 of a data set)")
    Integer count;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Reference reference;

    static final class Reference {
        @Option(names = "--reference", paramLabel = "SOURCE", description = "reference images")
        String source;

        @Option(names = "--reference-run", paramLabel = "CKPT", description = "reference: the training set of this "
                + "checkpoint's run, as 'clel fd' uses")
        Path run;
    }

    @Option(names = "--reference-count", defaultValue = "5000",
            description = "reference images, the first ones of the set (default: ${DEFAULT-VALUE})")
    int referenceCount;

    @Option(names = "--image-size", defaultValue = "32", description = "size data sets are read at (default: ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = {"-o", "--output"}, description = "folder for fd.json and the statistics files (default: none written)")
    Path output;

    @Mixin
    SparkOptions spark;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((count != null && count < 2) || referenceCount < 2) {
            throw new IllegalArgumentException("--count and --reference-count must be at least 2");
        }
        device.device(); // checked on the driver first; each executor checks it again for itself
        for (Path f : new Path[] {extractor.classifier, extractor.inception}) {
            if (f != null && !Files.isRegularFile(f)) {
                throw new IllegalArgumentException(f + ": no such feature extractor file");
            }
        }
        boolean file = samples.endsWith(".npy") || Files.isDirectory(Path.of(samples));
        ImageSource gen = ImageSource.open(samples, imageSize, count != null ? count : file ? Integer.MAX_VALUE : 5000);
        ImageSource ref;
        if (reference.run != null) {
            ClelConfig cfg = Checkpoint.read(reference.run).config(reference.run);
            ref = ImageSource.of(DataSources.loadWithWarnings(cfg.data(), true, cfg.model().imageSize()).images(), referenceCount);
        } else {
            ref = ImageSource.open(reference.source, imageSize, referenceCount);
        }
        PrintWriter pw = spec.commandLine().getOut();
        try (JavaSparkContext sc = spark.open("fd")) {
            DistributedFrechet.Job job = new DistributedFrechet.Job(path(extractor.classifier), path(extractor.inception),
                    spark.partitions(Math.min(Math.max(chunks(gen), chunks(ref)), sc.defaultParallelism())), device.name());
            long t0 = System.nanoTime();
            DistributedFrechet.Result r = DistributedFrechet.run(sc, job, gen, ref);
            double secs = (System.nanoTime() - t0) / 1e9;
            pw.printf(Locale.ROOT, "%s = %.6f  (%d generated images from %s, %d reference images from %s)%n", r.metricName(),
                    r.distance(), gen.n(), gen.name(), ref.n(), ref.name());
            pw.printf(Locale.ROOT, "features of %d images over %d partitions, master %s: %.1f s, %.2f images/s%n",
                    gen.n() + ref.n(), job.partitions(), sc.master(), secs, (gen.n() + ref.n()) / secs);
            if (output != null) {
                Files.createDirectories(output);
                r.samples().statistics().save(output.resolve("samples.stats"));
                r.reference().statistics().save(output.resolve("reference.stats"));
                EvalTable.of("Frechet distance (Spark): " + r.metricName(), List.of("metric", "value", "generated", "reference"),
                        List.of(List.of(r.metricName(), String.format(Locale.ROOT, "%.6f", r.distance()), gen.name() + " (" + gen.n() + ")",
                                ref.name() + " (" + ref.n() + ")")), List.of(),
                        "features extracted on Spark executors; Gaussian statistics in samples.stats and reference.stats")
                        .write(output.resolve("fd.json"));
                pw.printf("wrote %s%n", output.resolve("fd.json"));
            }
        }
        pw.flush();
        return 0;
    }

    private static int chunks(ImageSource s) {
        return (s.n() + clel.evaluation.FrechetScore.FEATURE_BATCH - 1) / clel.evaluation.FrechetScore.FEATURE_BATCH;
    }

    private static String path(Path p) {
        return p == null ? null : p.toAbsolutePath().toString();
    }
}
