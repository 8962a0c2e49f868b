package clel.experiment;

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
import clel.sampling.ConditionLatents;
import clel.sampling.ConditionalSampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Takes the measures of an {@link ExperimentEvaluation} on one trained model (its EMA weights), loading the run's data
 * splits once and only when a measure needs them.
 */
final class RunEvaluator {
    /** Sampling seed of the conditional samples (that of {@code clel sample}). */
    static final int SEED = 0;
    /** OOD scoring batch size. */
    private static final int BATCH = 256;
    /** At most this many chains are sampled at once (at least one class's). */
    private static final int CHAINS = 128;

    private final TrainedModel model;
    private final ExperimentEvaluation settings;
    private final Consumer<String> log;
    private ImageSet train;
    private ImageSet heldOut;

    RunEvaluator(TrainedModel model, ExperimentEvaluation settings, Consumer<String> log) {
        this.model = model;
        this.settings = settings;
        this.log = log;
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
        if (!setting.equals(ExperimentEvaluation.AUTO)) {
            return Path.of(setting);
        }
        return DefaultClassifier.forRun(config(), train(), target, model.manager().getDevice(), log);
    }
}
