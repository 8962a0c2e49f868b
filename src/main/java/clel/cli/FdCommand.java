package clel.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import clel.data.DataSources;
import clel.data.ImageSet;
import clel.evaluation.FrechetScore;
import clel.model.TrainedModel;
import clel.report.EvalTable;
import clel.sampling.ConditionalSampler;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code clel fd}: Frechet distance between unconditional samples and the training data in the feature space of
 * the project's own classifier ("FD-&lt;classifier&gt;"; the Inception network behind FID cannot be obtained here).
 */
@Command(name = "fd", mixinStandardHelpOptions = true,
        description = "Frechet distance of unconditional samples to the training data in an external classifier's "
                + "feature space (an FID-style score named FD-<classifier>, not FID).")
final class FdCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--classifier", required = true, description = "feature extractor: a file from 'clel classifier train'")
    Path classifier;

    @Option(names = "--count", defaultValue = "1000", description = "generated samples (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--reference", defaultValue = "5000", description = "training images for the reference statistics (default: ${DEFAULT-VALUE})")
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
        PrintWriter pw = spec.commandLine().getOut();
        try (TrainedModel m = model.load(); ClassifierFeatures fx = new ClassifierFeatures(classifier);
             NDManager scope = m.manager().newSubManager()) {
            var cfg = m.config();
            ImageSet train = DataSources.loadWithWarnings(cfg.data(), true, cfg.model().imageSize()).images();
            Path cache = model.checkpoint.toAbsolutePath().getParent().resolve("fd-cache");
            FrechetScore score = FrechetScore.against(train, reference, fx, scope, cache);
            int s = sampling.steps(cfg);
            int r = sampling.rounds(cfg);
            ConditionalSampler sampler = sampling.sampler(m);
            int seed = sampling.seed;
            long t0 = System.nanoTime();
            NDArray samples;
            try (SamplingProgress ignored = new SamplingProgress(sampler, (count + batch - 1) / batch)) {
                samples = sampler.unconditional(scope, count, batch, seed);
            }
            double fd = score.score(samples);
            double secs = (System.nanoTime() - t0) / 1e9;
            Path dir = model.outputDir();
            Files.createDirectories(dir);
            EvalTable.of("Sample quality: " + score.metricName(), List.of("metric", "value", "samples", "SGLD steps", "reference images"),
                    List.of(List.of(score.metricName(), String.format(Locale.ROOT, "%.4f", fd), count, r + " x " + s, Math.min(reference, train.count()))),
                    List.of(), "Frechet distance in the feature space of " + classifier.getFileName()
                            + " (not Inception: not comparable with published FID values)").write(dir.resolve("fd.json"));
            pw.printf(Locale.ROOT, "%s = %.4f  (%d samples from noise, %d x %d SGLD steps, %.0f s; reference %d training images)%n",
                    score.metricName(), fd, count, r, s, secs, Math.min(reference, train.count()));
        }
        pw.flush();
        return 0;
    }
}
