package clel.cli;

import clel.augment.AugmentationKind;
import clel.config.EnumKeys;
import clel.data.ImageSet;
import clel.data.source.DataSources;
import clel.evaluation.HistogramPlot;
import clel.evaluation.OodScores;
import clel.evaluation.RocCurve;
import clel.evaluation.RocPlot;
import clel.model.TrainedModel;
import clel.report.EvalKind;
import clel.report.EvalTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clel ood}: out-of-distribution detection with the score of eq. (14) (paper Section 4.2, Table 4). */
@Command(name = "ood", mixinStandardHelpOptions = true,
        description = {"Score in- and out-of-distribution sets with s(x) = E(x) - beta g(f(x)/|f(x)|)^T h(t(x))/|h(t(x))| "
                + "(eq. 14) and report AUROC per OOD set (in-distribution positive, scored by -s(x)).",
                "DATA: shapes, shapes-noise, shapes-unseen-shapes, shapes-unseen-colors, or NAME=ROOT (e.g. svhn=/data/svhn); "
                + "NAME[CLASSES] keeps those classes (e.g. fashion_mnist[5-9]=/usr/share/datasets/fashion-mnist)."})
final class OodCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--in", required = true, paramLabel = "DATA", description = "in-distribution held-out set")
    String in;

    @Option(names = "--out", required = true, arity = "1..*", paramLabel = "DATA", description = "OOD sets")
    List<String> out = new ArrayList<>();

    @Option(names = "--beta", defaultValue = "0.1",
            description = "beta of eq. (14) (public code's example: ${DEFAULT-VALUE}; 0 = E(x) only)")
    float beta;

    @Option(names = "--augment", defaultValue = "none",
            description = "t before the encoder: none, weak, strong (default: ${DEFAULT-VALUE})")
    String augment;

    @Option(names = "--count", defaultValue = "2000", description = "images of each built-in set (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--batch", defaultValue = "256", description = "scoring batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(beta >= 0) || count <= 0 || batch <= 0) {
            throw new IllegalArgumentException("--beta must be >= 0 and --count, --batch positive");
        }
        AugmentationKind t = EnumKeys.parse(AugmentationKind.class, augment, "--augment");
        PrintWriter pw = spec.commandLine().getOut();
        try (TrainedModel m = model.load()) {
            int size = m.config().model().imageSize();
            ImageSet inSet = DataSources.named(in, size, count, 2);
            Map<String, ImageSet> outSets = new LinkedHashMap<>();
            for (String o : out) {
                outSets.put(o, DataSources.named(o, size, count, 2));
            }
            OodScores scores = OodScores.evaluate(m, inSet, outSets, beta, t, batch);
            float[] inScores = scores.in();
            Map<String, float[]> outScores = scores.out();
            Map<String, RocCurve> curves = scores.curves();
            Path dir = model.outputDir();
            Files.createDirectories(dir);
            pw.printf(Locale.ROOT, "OOD detection, score eq. (14), beta %.3g, t = %s, %s weights of %s%n", beta, t.configName(),
                    model.live ? "live" : "EMA", model.checkpointFile());
            pw.printf(Locale.ROOT, "in-distribution: %s (%d images, mean score %.4g)%n", in, inScores.length, OodScores.mean(inScores));
            pw.printf(Locale.ROOT, "%-32s %8s %12s%n", "OOD set", "AUROC", "mean score");
            List<List<Object>> rows = new ArrayList<>();
            Map<String, double[]> hist = new LinkedHashMap<>();
            hist.put(in + " (in)", toDouble(inScores));
            for (Map.Entry<String, RocCurve> e : curves.entrySet()) {
                double auroc = e.getValue().auroc();
                pw.printf(Locale.ROOT, "%-32s %8.4f %12.4g%n", e.getKey(), auroc, OodScores.mean(outScores.get(e.getKey())));
                rows.add(List.of(e.getKey(), String.format(Locale.ROOT, "%.4f", auroc),
                        String.format(Locale.ROOT, "%.4g", OodScores.mean(outScores.get(e.getKey())))));
                hist.put(e.getKey(), toDouble(outScores.get(e.getKey())));
            }
            RocPlot.write(dir.resolve("ood_roc.png"), curves, "ROC: " + in + " vs OOD (eq. 14, beta " + beta + ")");
            HistogramPlot.write(dir.resolve("ood_scores.png"), hist, 40, "OOD scores s(x)", "s(x) (lower = in-distribution)");
            EvalTable.of(EvalKind.OOD.title() + " (AUROC, in = " + in + ")", List.of("OOD set", "AUROC", "mean s(x)"), rows,
                    List.of("ood_roc.png", "ood_scores.png"),
                    String.format(Locale.ROOT, "score eq. (14), beta %s, t = %s, %s weights; in-distribution mean s(x) %.4g over %d images",
                            beta, t, model.live ? "live" : "EMA", OodScores.mean(inScores), inScores.length))
                    .write(dir.resolve("ood.json"));
            pw.printf("wrote %s, %s, %s%n", dir.resolve("ood.json"), dir.resolve("ood_roc.png"), dir.resolve("ood_scores.png"));
        }
        pw.flush();
        return 0;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
