package clel.experiment;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import clel.augment.AugmentationKind;
import clel.classifier.ClassifierTarget;
import clel.classifier.DefaultClassifier;
import clel.classifier.TrainedClassifier;
import clel.config.ClelConfig;
import clel.data.ImageSet;
import clel.data.source.DataSources;
import clel.evaluation.NearestNeighbourAccuracy;
import clel.evaluation.OodScores;
import clel.evaluation.SampleJudge;
import clel.io.ImageGrid;
import clel.model.TrainedModel;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import clel.sampling.ConditionLatents;
import clel.sampling.ConditionalSampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Takes the measures of an experiment's {@link EvaluationSettings} on a finished run: {@link #measureMissing} loads the
 * EMA weights of its last.ckpt and takes what RUN/eval/experiment.json lacks; an instance takes each measure on one
 * trained model, loading the run's data splits once and only when a measure needs them.
 */
public final class RunEvaluator {
    /** Sampling seed of the conditional samples (that of {@code clel sample}). */
    static final int SEED = 0;
    /** OOD scoring batch size. */
    private static final int BATCH = 256;
    /** At most this many chains are sampled at once (at least one class's). */
    private static final int CHAINS = 128;

    private final TrainedModel model;
    private final EvaluationSettings settings;
    private final Consumer<String> log;
    private ImageSet train;
    private ImageSet heldOut;

    RunEvaluator(TrainedModel model, EvaluationSettings settings, Consumer<String> log) {
        this.model = model;
        this.settings = settings;
        this.log = log;
    }

    /**
     * Measures what a finished run lacks: every column that RUN/eval/experiment.json does not hold for its last.ckpt
     * with these settings. Each measure is stored as soon as it is taken.
     *
     * @param run      the run, its last.ckpt written
     * @param settings what to measure
     * @param device   where the model, the classifiers and every array of the measures live
     * @param log      receives a line per measure with its value and time
     * @return whether anything was measured
     * @throws IOException when a checkpoint, data set, classifier or the stored measures cannot be read or written
     */
    public static boolean measureMissing(ExperimentRun run, EvaluationSettings settings, Device device,
                                         Consumer<String> log) throws IOException {
        RunFolder f = new RunFolder(run.folder());
        if (settings.columns().isEmpty() || !Files.exists(f.lastCheckpoint())) {
            return false;
        }
        long iteration = Checkpoint.iterationOf(f.lastCheckpoint());
        Map<String, StoredMeasures.Value> stored = StoredMeasures.read(f.experimentEvaluation(), iteration);
        Map<String, String> wanted = MeasureNames.settingsByColumn(settings);
        List<String> missing = settings.columns().stream().filter(c -> stored.get(c) == null
                || !stored.get(c).takenWith(wanted.get(c))).toList();
        if (missing.isEmpty()) {
            return false;
        }
        Path evalDir = f.experimentEvaluation().getParent();
        try (TrainedModel m = TrainedModel.load(f.lastCheckpoint(), true, device)) {
            RunEvaluator ev = new RunEvaluator(m, settings, log);
            List<String> sets = settings.ood().stream().filter(s -> missing.contains(MeasureNames.oodColumn(s)))
                    .toList();
            if (!sets.isEmpty()) {
                take(f, iteration, stored, wanted, log, () -> {
                    Map<String, Double> v = new LinkedHashMap<>();
                    ev.ood(sets).forEach((s, a) -> v.put(MeasureNames.oodColumn(s), a));
                    return v;
                });
            }
            if (missing.contains(MeasureNames.CLASS_ACCURACY)) {
                take(f, iteration, stored, wanted, log, () -> Map.of(MeasureNames.CLASS_ACCURACY,
                        ev.classAccuracy(evalDir.resolve(MeasureNames.CLASSES_GRID))));
            }
            for (List<String> c : settings.compose()) {
                String column = MeasureNames.composeColumn(c);
                if (missing.contains(column)) {
                    take(f, iteration, stored, wanted, log, () -> Map.of(column,
                            ev.composition(c, evalDir.resolve(MeasureNames.composeGrid(c)))));
                }
            }
            String knn = MeasureNames.knnColumn(settings.knnK());
            if (settings.knn() && missing.contains(knn)) {
                take(f, iteration, stored, wanted, log, () -> Map.of(knn, ev.knn()));
            }
        }
        return true;
    }

    /** A measuring step: values by column. */
    @FunctionalInterface
    private interface Step {
        Map<String, Double> run() throws IOException;
    }

    /** Takes measures, says what they are and how long they took, and stores them at once. */
    private static void take(RunFolder f, long iteration, Map<String, StoredMeasures.Value> stored,
                             Map<String, String> wanted, Consumer<String> log, Step step) throws IOException {
        long t0 = System.nanoTime();
        Map<String, Double> taken = step.run();
        StringBuilder line = new StringBuilder();
        taken.forEach((c, v) -> {
            line.append(line.length() == 0 ? "" : ", ").append(c).append(String.format(Locale.ROOT, " %.4f", v));
            stored.put(c, new StoredMeasures.Value(v, wanted.get(c)));
        });
        log.accept(line + String.format(Locale.ROOT, " (%.1f s)", (System.nanoTime() - t0) / 1e9));
        StoredMeasures.write(f.experimentEvaluation(), iteration, stored);
    }

    private ClelConfig config() {
        return model.config();
    }

    private ImageSet train() throws IOException {
        if (train == null) {
            train = DataSources.load(config().data(), true);
        }
        return train;
    }

    private ImageSet heldOut() throws IOException {
        if (heldOut == null) {
            heldOut = DataSources.load(config().data(), false);
        }
        return heldOut;
    }

    /** AUROC of eq. (14) of the held-out split against each set, as {@code clel ood} computes it. */
    Map<String, Double> ood(List<String> sets) throws IOException {
        int size = config().model().imageSize();
        Map<String, ImageSet> out = new LinkedHashMap<>();
        for (String s : sets) {
            out.put(s, DataSources.named(s, size, settings.oodCount(), 2));
        }
        return OodScores.evaluate(model, heldOut(), out, (float) settings.oodBeta(), AugmentationKind.NONE, BATCH).auroc();
    }

    /**
     * Class-conditional samples (samples_per_condition per class, in class order), written as a grid with one row per
     * class, judged by the class classifier: the share predicted as the class that conditioned them.
     */
    double classAccuracy(Path grid) throws IOException {
        ImageSet held = heldOut();
        List<Integer> classes = held.presentClasses();
        int per = settings.samplesPerCondition();
        try (TrainedClassifier judge = TrainedClassifier.load(classifier(settings.classifier(), ClassifierTarget.CLASSES),
                model.manager().getDevice());
             NDManager scope = model.manager().newSubManager()) {
            if (judge.target() != ClassifierTarget.CLASSES || !judge.outputNames().equals(held.classNames())) {
                throw new IllegalArgumentException("evaluate.classifier predicts " + judge.outputNames() + ", but the run's "
                        + "data has the classes " + held.classNames());
            }
            ConditionalSampler sampler = sampler();
            int classesPerCall = Math.max(1, CHAINS / per);
            List<NDArray> parts = new ArrayList<>();
            for (int from = 0; from < classes.size(); from += classesPerCall) {
                List<NDArray> z = new ArrayList<>();
                for (int c : classes.subList(from, Math.min(classes.size(), from + classesPerCall))) {
                    z.add(ConditionLatents.ofClass(scope, model, held, c, settings.latentImages()).repeat(0, per));
                }
                NDArray latents = NDArrays.concat(new NDList(z), 0);
                parts.add(sampler.conditional(scope, latents, (int) latents.getShape().get(0), beta(), SEED + from));
            }
            NDArray samples = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
            ImageGrid.writePng(ImageGrid.tile(samples, per, 2, 2), grid);
            return SampleJudge.classConditional(judge, samples, classes, per).accuracy();
        }
    }

    /**
     * Samples of eq. (15) over the z-bars of {@code attributes}, written as a grid, judged by the attribute classifier:
     * the share that has every attribute.
     */
    double composition(List<String> attributes, Path grid) throws IOException {
        ImageSet held = heldOut();
        try (TrainedClassifier judge = TrainedClassifier.load(classifier(settings.attributeClassifier(),
                ClassifierTarget.ATTRIBUTES), model.manager().getDevice()); NDManager scope = model.manager().newSubManager()) {
            if (judge.target() != ClassifierTarget.ATTRIBUTES) {
                throw new IllegalArgumentException("evaluate.attribute_classifier predicts classes, not attributes (train "
                        + "it with 'clel classifier train --attributes')");
            }
            List<NDArray> zbars = new ArrayList<>();
            for (String a : attributes) {
                zbars.add(ConditionLatents.ofAttribute(scope, model, held, a, settings.latentImages()));
            }
            NDArray samples = sampler().composed(scope, NDArrays.concat(new NDList(zbars), 0),
                    settings.samplesPerCondition(), beta(), SEED);
            ImageGrid.writePng(ImageGrid.tile(samples, Math.min(16, settings.samplesPerCondition()), 2, 2), grid);
            try {
                return SampleJudge.allAttributesRate(judge, samples, attributes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("evaluate.attribute_classifier: " + e.getMessage());
            }
        }
    }

    /** The encoder's k-NN accuracy: held-out images classified by their nearest training images' labels. */
    double knn() throws IOException {
        return NearestNeighbourAccuracy.ofEncoder(model, train(), settings.knnReference(), heldOut(),
                settings.knnQueries(), settings.knnK());
    }

    /** The sampler of the settings: their steps and rounds, else the run's evaluation sampling. */
    private ConditionalSampler sampler() {
        var s = config().sampler();
        return ConditionalSampler.of(model, settings.samplingSteps() > 0 ? settings.samplingSteps() : s.evalSteps(),
                settings.samplingRounds() > 0 ? settings.samplingRounds() : s.evalRounds());
    }

    private float beta() {
        return (float) (Double.isNaN(settings.samplingBeta()) ? config().loss().beta() : settings.samplingBeta());
    }

    /** A classifier setting as a file: "auto" is the run's data set's default classifier for {@code target}. */
    private Path classifier(String setting, ClassifierTarget target) throws IOException {
        if (!setting.equals(EvaluationSettings.AUTO)) {
            return Path.of(setting);
        }
        return DefaultClassifier.forRun(config(), train(), target, model.manager().getDevice(), log);
    }
}
