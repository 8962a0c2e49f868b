package clel.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import clel.data.ImageSet;
import clel.evaluation.FeatureExtractorFile;
import clel.evaluation.FrechetScore;
import clel.evaluation.InceptionScore;
import clel.model.TrainedModel;
import clel.report.EvalTable;
import clel.sampling.ConditionalSampler;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clel fd}: Frechet distance between unconditional samples and the training data: FID and the Inception
 * Score with the standard Inception network from a local file, or "FD-&lt;classifier&gt;" in the feature space of
 * the project's own classifier (available offline; not comparable with published FID values).
 */
@Command(name = "fd", mixinStandardHelpOptions = true,
        description = {"Frechet distance of unconditional samples to the training data: FID (and Inception Score) "
                + "with --inception, or an FID-style score named FD-<classifier> with --classifier."})
final class FdCommand implements Callable<Integer> {
    /** Samples and reference images behind the paper's FID values (Section 4.1). */
    private static final int PAPER_COUNT = 50_000;

    @Mixin
    ModelOptions model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Extractor extractor;

    static final class Extractor {
        @Option(names = "--classifier", description = "feature extractor: a file from 'clel classifier train' (FD-<classifier>)")
        Path classifier;

        @Option(names = "--inception", description = "the FID Inception network: NVIDIA's TorchScript "
                + "inception-2015-12-05.pt (FID and Inception Score; see the README)")
        Path inception;
    }

    @Option(names = "--splits", defaultValue = "10", description = "Inception Score splits (with --inception; default: ${DEFAULT-VALUE})")
    int splits;

    @Option(names = "--count", defaultValue = "1000",
            description = "generated samples (default: ${DEFAULT-VALUE}; the paper's FID uses 50000 with --reference 50000)")
    int count;

    @Option(names = "--reference", defaultValue = "5000",
            description = "training images for the reference statistics (default: ${DEFAULT-VALUE})")
    int reference;

    @Mixin
    SamplerOptions sampling;

    @Option(names = "--batch", defaultValue = "100", description = "chains sampled at once (default: ${DEFAULT-VALUE})")
    int batch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (count < 2 || reference < 2 || batch <= 0) {
            throw new IllegalArgumentException("--count and --reference must be at least 2, --batch positive");
        }
        if (extractor.inception != null && (splits < 1 || splits > count)) {
            throw new IllegalArgumentException("--splits must be in [1, --count = " + count + "], got " + splits);
        }
        PrintWriter pw = spec.commandLine().getOut();
        try (TrainedModel m = model.load(); NDManager scope = m.manager().newSubManager();
             FeatureExtractorFile fx = FeatureExtractorFile.open(extractor.classifier, extractor.inception, m.manager());
             FeatureProgress progress = new FeatureProgress(fx.extractor())) {
            var cfg = m.config();
            ImageSet train = Activity.loadData(cfg.data(), true, cfg.model().imageSize()).images();
            Path cache = model.checkpointFile().toAbsolutePath().getParent().resolve("fd-cache");
            int refCount = Math.min(reference, train.count());
            FrechetScore score = FrechetScore.against(train, reference, progress.phase("reference", refCount), scope, cache);
            int s = sampling.steps(cfg);
            int r = sampling.rounds(cfg);
            ConditionalSampler sampler = sampling.sampler(m);
            int seed = sampling.seed;
            long t0 = System.nanoTime();
            NDArray samples;
            try (SamplingProgress ignored = new SamplingProgress(sampler, (count + batch - 1) / batch)) {
                samples = sampler.unconditional(scope, count, batch, seed);
            }
            progress.phase("features", count);
            double fd = score.score(samples);
            List<List<Object>> rows = new ArrayList<>();
            rows.add(List.of(score.metricName(), String.format(Locale.ROOT, "%.4f", fd), count, r + " x " + s, refCount));
            InceptionScore is = null;
            if (fx.inception() != null) {
                double[][] p = progress.phase("p(y|x)", count)
                        .mapInChunks(samples, slice -> fx.inception().probabilities(slice, true), double[][]::new);
                is = InceptionScore.compute(p, splits);
                rows.add(List.of("Inception Score", String.format(Locale.ROOT, "%.4f +- %.4f (%d splits)", is.mean(), is.std(), splits),
                        count, r + " x " + s, "-"));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            Path dir = model.outputDir();
            Files.createDirectories(dir);
            String note = fx.inception() != null
                    ? "Inception network " + extractor.inception.getFileName() + " (" + fx.extractor().name()
                            + "); samples and reference at the data set's resolution, resized to 299 inside the network"
                    : "Frechet distance in the feature space of " + extractor.classifier.getFileName()
                            + " (not Inception: not comparable with published FID values)";
            EvalTable.of("Sample quality: " + score.metricName(), List.of("metric", "value", "samples", "SGLD steps", "reference images"),
                    rows, List.of(), note).write(dir.resolve("fd.json"));
            pw.printf(Locale.ROOT, "%s = %.4f  (%d samples from noise, %d x %d SGLD steps, %.0f s; reference %d training images)%n",
                    score.metricName(), fd, count, r, s, secs, refCount);
            if (is != null) {
                pw.printf(Locale.ROOT, "Inception Score = %.4f +- %.4f  (%d splits)%n", is.mean(), is.std(), splits);
            }
            if (fx.inception() != null && (count < PAPER_COUNT || refCount < PAPER_COUNT)) {
                pw.printf(Locale.ROOT, "note: FID depends on the number of images; numbers comparable with the paper's "
                        + "need --count %d --reference %d (this run: %d and %d)%n", PAPER_COUNT, PAPER_COUNT, count, refCount);
            }
        }
        pw.flush();
        return 0;
    }
}
