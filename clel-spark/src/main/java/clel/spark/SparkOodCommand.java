package clel.spark;

import clel.cli.DeviceOption;
import clel.config.ClelConfig;
import clel.data.source.DataSources;
import clel.evaluation.RocCurve;
import clel.report.EvalKind;
import clel.report.EvalTable;
import clel.run.Checkpoint;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clel spark ood}: OOD scores of eq. (14) computed on the executors, AUROC on the driver ({@link DistributedOod}). */
@Command(name = "ood", mixinStandardHelpOptions = true,
        description = {"Score image sets with s(x) = E(x) - beta g(f(x)/|f(x)|)^T h(x)/|h(x)| (eq. 14) on Spark "
                + "executors; writes scores.csv (set, id, score) and, with --out sets, the AUROC of each against --in.",
                "DATA: shapes, shapes-noise, shapes-unseen-shapes, shapes-unseen-colors, NAME=ROOT (e.g. svhn=/data/svhn, "
                        + "image_folder=/data/imgs, cifar10=/data/cifar-10-binary.tar.gz; read by the driver, id = image index), "
                        + "or parquet=PATH: a table with a binary column 'image' of encoded images and an optional string "
                        + "column 'id', read by the executors."})
final class SparkOodCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CKPT", description = "checkpoint written by training, at a path every executor can read")
    Path checkpoint;

    @Option(names = "--live", description = "use the live weights instead of the EMA weights (the paper evaluates EMA)")
    boolean live;

    @Option(names = "--in", required = true, paramLabel = "DATA", description = "in-distribution set (or the only set to score)")
    String in;

    @Option(names = "--out", arity = "1..*", paramLabel = "DATA", description = "OOD sets: AUROC of each against --in")
    List<String> out = new ArrayList<>();

    @Option(names = "--beta", defaultValue = "0.1", description = "beta of eq. (14) (default: ${DEFAULT-VALUE})")
    float beta;

    @Option(names = "--count", defaultValue = "2000", description = "images of each built-in set (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--batch", defaultValue = "256", description = "images scored at once (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = {"-o", "--output"}, required = true, description = "folder for scores.csv and ood.json")
    Path output;

    @Mixin
    SparkOptions spark;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(beta >= 0) || count <= 0 || batch <= 0) {
            throw new IllegalArgumentException("--beta must be >= 0 and --count, --batch positive");
        }
        device.device(); // checked on the driver first; each executor checks it again for itself
        ClelConfig cfg = Checkpoint.read(checkpoint).config(checkpoint);
        int size = cfg.model().imageSize();
        List<String> names = new ArrayList<>();
        names.add(in);
        names.addAll(out);
        List<ImageSource> sets = new ArrayList<>();
        List<String> memoryNames = new ArrayList<>();
        for (String n : names) {
            if (!ParquetImages.isSpec(n)) {
                sets.add(ImageSource.of(DataSources.named(n, size, count, 2), Integer.MAX_VALUE)); // every image, as clel ood
                memoryNames.add(n);
            }
        }
        PrintWriter pw = spec.commandLine().getOut();
        try (JavaSparkContext sc = spark.open("ood")) {
            DistributedOod.Job job = new DistributedOod.Job(checkpoint.toAbsolutePath().toString(), !live, beta, batch,
                    spark.partitions(sets.stream().mapToInt(x -> (x.n() + batch - 1) / batch).sum()), device.name());
            long t0 = System.nanoTime();
            List<float[]> inMemory = DistributedOod.scores(sc, job, sets);
            List<float[]> scores = new ArrayList<>();
            List<List<String>> ids = new ArrayList<>();
            for (String n : names) {
                if (ParquetImages.isSpec(n)) {
                    ParquetImages.Scored p = ParquetImages.score(sc, job, n, size);
                    scores.add(p.scores());
                    ids.add(p.ids());
                } else {
                    float[] s = inMemory.get(memoryNames.indexOf(n));
                    scores.add(s);
                    ids.add(IntStream.range(0, s.length).mapToObj(Integer::toString).toList());
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            int images = scores.stream().mapToInt(s -> s.length).sum();
            Files.createDirectories(output);
            try (BufferedWriter w = Files.newBufferedWriter(output.resolve("scores.csv"))) {
                w.write("set,id,score\n");
                for (int s = 0; s < names.size(); s++) {
                    for (int i = 0; i < scores.get(s).length; i++) {
                        w.write(csv(names.get(s)) + "," + csv(ids.get(s).get(i)) + "," + scores.get(s)[i] + "\n");
                    }
                }
            }
            pw.printf(Locale.ROOT, "OOD scores, eq. (14), beta %.3g, %s weights of %s: %d images over %d partitions, "
                    + "master %s: %.1f s, %.2f images/s%n", beta, live ? "live" : "EMA", checkpoint, images, job.partitions(),
                    sc.master(), secs, images / secs);
            if (!out.isEmpty()) {
                Map<String, RocCurve> curves = DistributedOod.evaluate(names, scores);
                pw.printf(Locale.ROOT, "in-distribution: %s (%d images)%n%-32s %8s%n", in, scores.get(0).length, "OOD set", "AUROC");
                List<List<Object>> rows = new ArrayList<>();
                for (Map.Entry<String, RocCurve> e : curves.entrySet()) {
                    pw.printf(Locale.ROOT, "%-32s %8.4f%n", e.getKey(), e.getValue().auroc());
                    rows.add(List.of(e.getKey(), String.format(Locale.ROOT, "%.4f", e.getValue().auroc())));
                }
                EvalTable.of(EvalKind.OOD.title() + " on Spark (AUROC, in = " + in + ")", List.of("OOD set", "AUROC"), rows, List.of(),
                        String.format(Locale.ROOT, "score eq. (14), beta %s, t = none, %s weights", beta, live ? "live" : "EMA"))
                        .write(output.resolve("ood.json"));
            }
            pw.printf("wrote %s%n", output.resolve(out.isEmpty() ? "scores.csv" : "scores.csv and ood.json"));
        }
        pw.flush();
        return 0;
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
