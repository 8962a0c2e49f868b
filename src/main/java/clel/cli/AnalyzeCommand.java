package clel.cli;

import clel.data.source.DataSources;
import clel.data.ImageSet;
import clel.report.EvalTable;
import clel.evaluation.NearestNeighbourAccuracy;
import clel.model.TrainedModel;
import clel.report.CosineHistograms;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code clel analyze}: the encoder's k-NN accuracy (the public code's NN evaluation) and the cosine-similarity
 * distributions of f(x), g(f(x)) and h(x) features (paper Appendix E, Figure 6).
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "k-NN accuracy of the encoder's latents (train split as reference, held-out split as queries) and "
                + "histograms of pairwise cosine similarities of f(x), g(f(x)) and h(x) (Appendix E).")
final class AnalyzeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--reference", defaultValue = "2000", description = "reference images from the training split (default: ${DEFAULT-VALUE})")
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
            ImageSet train = DataSources.loadWithWarnings(cfg.data(), true, size).images();
            ImageSet test = DataSources.loadWithWarnings(cfg.data(), false, size).images();
            int nRef = Math.min(reference, train.count());
            int nQ = Math.min(queries, test.count());
            double acc = NearestNeighbourAccuracy.ofEncoder(m, train, nRef, test, nQ, k);
            float[][][] feats = m.features(pixels(test, nQ));
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
                double mean = java.util.Arrays.stream(e.getValue()).average().orElse(Double.NaN);
                rows.add(List.of("mean pairwise cosine of " + e.getKey(), String.format(Locale.ROOT, "%.4f", mean)));
            }
            EvalTable.of("Representations", List.of("measure", "value"), rows, List.of("cosine_similarity.png"),
                    String.format(Locale.ROOT, "%s weights; reference %d training images, %d held-out queries (%s)",
                            model.live ? "live" : "EMA", nRef, nQ, train.name())).write(dir.resolve("analysis.json"));
            for (List<Object> r : rows) {
                pw.printf("%-40s %s%n", r.get(0), r.get(1));
            }
            pw.println("wrote " + dir.resolve("analysis.json") + " and " + dir.resolve("cosine_similarity.png"));
        }
        pw.flush();
        return 0;
    }

    private static float[] pixels(ImageSet set, int n) {
        return clel.data.BatchSampler.pixels(set, java.util.stream.IntStream.range(0, n).toArray());
    }
}
