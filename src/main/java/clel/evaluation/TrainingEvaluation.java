package clel.evaluation;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import clel.classifier.ClassifierTarget;
import clel.classifier.DefaultClassifier;
import clel.config.ClelConfig;
import clel.config.EvalConfig;
import clel.data.DataSplit;
import clel.data.ImageSet;
import clel.data.source.DataSources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The replay-buffer evaluation a run's configuration asks for (eval.*), opened by the library so that eval.every works
 * for any caller of the standard training loop ({@code clel.training.TrainingLoop}): a Frechet distance of
 * eval.samples buffer chains against eval.reference images of eval.reference_split, in the features of
 * eval.classifier ("auto": the data set's default classifier, trained once into the {@link clel.io.CacheFolder}) or of
 * the FID Inception network (eval.inception), with its floor (held-out real images of the other split) and ceiling
 * (uniform noise). Closing it releases the feature network.
 */
public final class TrainingEvaluation implements AutoCloseable {
    private final NDManager manager;
    private final FeatureExtractorFile features;
    private final BufferEvaluation evaluation;

    private TrainingEvaluation(NDManager manager, FeatureExtractorFile features, BufferEvaluation evaluation) {
        this.manager = manager;
        this.features = features;
        this.evaluation = evaluation;
    }

    /**
     * @param config     the run's resolved configuration (eval.every &gt; 0)
     * @param data       the training images
     * @param runDir     the run folder (its fd-cache/ keeps the reference statistics)
     * @param chains     how many buffer chains each evaluation scores (the floor uses as many held-out images)
     * @param device     where the feature network and every array of the evaluation live (the training device)
     * @param log        receives what is being prepared, in words
     */
    public static TrainingEvaluation open(ClelConfig config, ImageSet data, Path runDir, int chains, Device device,
                                          Consumer<String> log) throws IOException {
        EvalConfig eval = config.eval();
        if (eval.every() <= 0) {
            throw new IllegalArgumentException("eval.every is " + eval.every() + ": no evaluation is configured");
        }
        Path classifier = eval.classifier().isBlank() ? null : classifierFile(config, data, device, log);
        Path inception = eval.inception().isBlank() ? null : Path.of(eval.inception());
        NDManager manager = NDManager.newBaseManager(device);
        FeatureExtractorFile fx = null;
        try {
            fx = FeatureExtractorFile.open(classifier, inception, manager);
            boolean testReference = eval.referenceSplit() == DataSplit.TEST;
            ImageSet other = DataSources.loadWithWarnings(config.data(), !testReference, config.model().imageSize()).images();
            ImageSet reference = testReference ? other : data;
            ImageSet heldOut = testReference ? data : other;
            Path cache = runDir.resolve("fd-cache");
            FrechetScore score = FrechetScore.against(reference, eval.referenceSplit().folderName(), eval.reference(),
                    fx.extractor(), manager, cache);
            FrechetBounds bounds = score.bounds(heldOut, Math.min(eval.samples(), chains), manager, cache);
            log.accept(String.format(Locale.ROOT, "evaluating %s every %d iterations against %d %s images "
                            + "(floor %.4f: held-out real images; ceiling %.4f: uniform noise)", score.metricName(),
                    eval.every(), Math.min(eval.reference(), reference.count()), eval.referenceSplit(), bounds.floor(),
                    bounds.ceiling()));
            return new TrainingEvaluation(manager, fx,
                    BufferEvaluation.of(score.metricName(), score::score, bounds.floor(), bounds.ceiling()));
        } catch (IOException | RuntimeException e) {
            if (fx != null) {
                fx.close();
            }
            manager.close();
            throw e;
        }
    }

    /**
     * A checkpoint's stored configuration, ready to resume. eval.inception names a TorchScript file, and a checkpoint
     * never makes one run: when the stored configuration evaluates with it (eval.every &gt; 0), the caller must name the
     * file again ({@code inception}, the user's choice), which replaces the stored path. Without evaluation the stored
     * value stays as a record and nothing runs.
     *
     * @param stored     the checkpoint's configuration
     * @param inception  the Inception file the user named for this run, or null
     * @param checkpoint the checkpoint, named in the message
     * @throws IllegalArgumentException one line naming the checkpoint: the stored configuration evaluates with an
     *                                  Inception file the user did not name, or the user named one it does not use
     */
    public static ClelConfig resumable(ClelConfig stored, Path inception, Path checkpoint) {
        EvalConfig e = stored.eval();
        if (inception == null && e.usesInception()) {
            throw new IllegalArgumentException(checkpoint + ": its stored configuration evaluates with eval.inception '"
                    + e.inception() + "', a TorchScript file, and a checkpoint never makes one run: name the file "
                    + "yourself to resume (clel train --resume " + checkpoint + " --inception FILE)");
        }
        if (inception == null) {
            return stored;
        }
        if (!e.usesInception()) {
            throw new IllegalArgumentException(checkpoint + ": its run does not evaluate with the Inception network "
                    + "(eval.every " + e.every() + ", eval.inception '" + e.inception() + "'), so there is no use for "
                    + inception);
        }
        return stored.withEval(e.withInception(inception.toString()));
    }

    /** eval.classifier as a file: "auto" is the data set's default classifier, trained once into the cache folder. */
    private static Path classifierFile(ClelConfig config, ImageSet data, Device device, Consumer<String> log)
            throws IOException {
        String c = config.eval().classifier();
        if (!c.equalsIgnoreCase(EvalConfig.AUTO)) {
            return Path.of(c);
        }
        return DefaultClassifier.forRun(config, data, ClassifierTarget.CLASSES, device, log);
    }

    public BufferEvaluation evaluation() {
        return evaluation;
    }

    @Override
    public void close() {
        features.close();
        manager.close();
    }
}
