package clel.cli;

import clel.data.Factor;
import clel.data.ImageSet;
import clel.evaluation.FactorProbes;
import clel.evaluation.NearestNeighbourAccuracy;
import clel.model.TrainedModel;
import clel.report.CosineHistograms;
import clel.report.EvalKind;
import clel.report.EvalTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clel analyze}: the encoder's k-NN accuracy (the public code's NN evaluation), the cosine-similarity
 * distributions of f(x), g(f(x)) and h(x) features (paper Appendix E, Figure 6), and what z and f's direction know
 * about each factor of the data (class and attributes: linear probe and k-NN, against chance).
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "k-NN accuracy of the encoder's latents (train split as reference, held-out split as queries) and "
                + "histograms of pairwise cosine similarities of f(x), g(f(x)) and h(x) (Appendix E); per factor of the data "
                + "(class and attributes), linear-probe and k-NN accuracy of z and of g(f(x)), against chance.")
final class AnalyzeCommand implements Callable<Integer> {
    private static final int BATCH = 250;

    @Mixin
    ModelOptions model;

    @Option(names = "--reference", defaultValue = "2000",
            description = "reference images from the training split (default: ${DEFAULT-VALUE})")
    int reference;

    @Option(names = "--queries", defaultValue = "1000", description = "held-out query images (default: ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "-k", defaultValue = "1", description = "neighbours (default: ${DEFAULT-VALUE})")
    int k;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (reference <= 0 || queries <= 1 || k <= 0) {
            throw new IllegalArgumentException("--reference and -k must be positive, --queries at least 2");
        }
        PrintWriter pw = spec.commandLine().getOut();
        try (TrainedModel m = model.load()) {
            var cfg = m.config();
            int size = cfg.model().imageSize();
            ImageSet train = Activity.loadData(cfg.data(), true, size).images();
            ImageSet test = Activity.loadData(cfg.data(), false, size).images();
            int nRef = Math.min(reference, train.count());
            int nQ = Math.min(queries, test.count());
            float[][][] refFeats = features(m, train, nRef);
            float[][][] feats = features(m, test, nQ);
            double acc = NearestNeighbourAccuracy.accuracy(refFeats[2], Arrays.copyOf(train.labels(), nRef),
                    feats[2], Arrays.copyOf(test.labels(), nQ), k);
            Path dir = model.outputDir();
            Files.createDirectories(dir);
            Map<String, float[][]> series = new LinkedHashMap<>();
            series.put("f(x)", feats[0]);
            series.put("g(f(x))", feats[1]);
            series.put("h(x)", feats[2]);
            Map<String, double[]> sims = CosineHistograms.writePlot(dir.resolve("cosine_similarity.png"), series, 50,
                    "Pairwise cosine similarity (Appendix E, " + nQ + " held-out images)");
            List<List<Object>> rows = new ArrayList<>();
            rows.add(List.of(k + "-NN accuracy of h(x)", String.format(Locale.ROOT, "%.4f", acc)));
            for (Map.Entry<String, double[]> e : sims.entrySet()) {
                double mean = Arrays.stream(e.getValue()).average().orElse(Double.NaN);
                rows.add(List.of("mean pairwise cosine of " + e.getKey(), String.format(Locale.ROOT, "%.4f", mean)));
            }
            EvalTable.of(EvalKind.REPRESENTATIONS.title(), List.of("measure", "value"), rows, List.of("cosine_similarity.png"),
                    String.format(Locale.ROOT, "%s weights; reference %d training images, %d held-out queries (%s)",
                            model.live ? "live" : "EMA", nRef, nQ, train.name())).write(dir.resolve("analysis.json"));
            for (List<Object> r : rows) {
                pw.printf("%-40s %s%n", r.get(0), r.get(1));
            }
            EvalTable factors = factorTable(refFeats, Factor.of(train, nRef), feats, Factor.of(test, nQ), nRef, nQ);
            factors.write(dir.resolve("factors.json"));
            pw.println();
            pw.println(factors.title() + " (" + factors.notes() + ")");
            pw.printf("%-18s %6s %7s %9s %9s %9s %9s%n", "factor", "values", "chance", "z linear", "z k-NN",
                    "gf linear", "gf k-NN");
            for (List<String> r : factors.rows()) {
                pw.printf("%-18s %6s %7s %9s %9s %9s %9s%n", r.toArray());
            }
            pw.println("wrote " + dir.resolve("analysis.json") + ", " + dir.resolve("factors.json") + " and "
                    + dir.resolve("cosine_similarity.png"));
        }
        pw.flush();
        return 0;
    }

    /**
     * Per factor of the data: linear-probe and k-NN accuracy of z = h(x)/||h(x)|| and of f's direction
     * g(f(x))/||g(f(x))||, fitted on the reference images, on the held-out queries.
     */
    private EvalTable factorTable(float[][][] ref, List<Factor> refFactors, float[][][] query, List<Factor> queryFactors,
                                  int nRef, int nQ) {
        List<FactorProbes.Result> z = FactorProbes.measure(ref[2], refFactors, query[2], queryFactors, k);
        List<FactorProbes.Result> gf = FactorProbes.measure(ref[1], refFactors, query[1], queryFactors, k);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < z.size(); i++) {
            FactorProbes.Result a = z.get(i);
            FactorProbes.Result b = gf.get(i);
            rows.add(List.of(a.factor(), a.values(), f3(a.chance()), f3(a.linear()), f3(a.knn()), f3(b.linear()),
                    f3(b.knn())));
        }
        return EvalTable.of(EvalKind.FACTORS.title(), List.of("factor", "values", "chance", "z linear",
                "z " + k + "-NN", "g(f) linear", "g(f) " + k + "-NN"), rows, List.of(), String.format(Locale.ROOT,
                "%s weights; probes fitted on %d training images, accuracy on %d held-out images; z = h(x)/||h(x)||, "
                        + "g(f) = g(f(x))/||g(f(x))||", model.live ? "live" : "EMA", nRef, nQ));
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** f(x), g(f(x)) direction and z of the first n images, computed in batches of {@value #BATCH}. */
    private static float[][][] features(TrainedModel m, ImageSet set, int n) {
        float[][][] all = new float[3][n][];
        for (int start = 0; start < n; start += BATCH) {
            int end = Math.min(n, start + BATCH);
            float[][][] part = m.features(clel.data.BatchSampler.pixels(set,
                    IntStream.range(start, end).toArray()));
            for (int f = 0; f < 3; f++) {
                System.arraycopy(part[f], 0, all[f], start, end - start);
            }
        }
        return all;
    }
}
