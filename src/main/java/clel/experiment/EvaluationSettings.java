package clel.experiment;

import clel.config.ConfigException;
import clel.data.ImageSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What an experiment measures on each finished run's EMA weights in last.ckpt (YAML section {@code evaluate}), beyond
 * what training logged. Every measure is optional and is one column of the results table:
 * <ul>
 *   <li>out-of-distribution detection: AUROC of the score of eq. (14), as {@code clel ood} computes it, of the run's
 *       held-out split against each listed set (column "AUROC SET");</li>
 *   <li>class-conditional sampling accuracy (paper Fig. 3c): samples_per_condition samples from noise per class, each
 *       class's chains conditioned on its z-bar (eq. 10, the aggregated latent of up to latent_images held-out images
 *       of the class), judged by an external class classifier; the share predicted as their class
 *       (column "class accuracy");</li>
 *   <li>compositional accuracy (paper Fig. 4b): samples of eq. (15) over the z-bars of several attributes, judged by
 *       an attribute classifier; the share of samples that have every attribute (column "compose A+B");</li>
 *   <li>encoder k-NN accuracy: the held-out images classified by their k nearest training images in the latent space
 *       of h, as {@code clel analyze} does (column "K-NN accuracy").</li>
 * </ul>
 * The settings are validated on construction; {@link EvaluationSettingsReader} reads them from an experiment file,
 * {@link MeasureNames} names their columns and {@link RunEvaluator} takes them. The conditional samples are written to
 * RUN/eval/experiment-classes.png (one row per class) and RUN/eval/experiment-compose-A+B.png. The measures are kept in
 * RUN/eval/experiment.json with the checkpoint's iteration and the settings they were taken with
 * ({@link StoredMeasures}), so that a resumed experiment measures nothing twice and a changed setting measures again
 * only what it affects.
 *
 * @param ood                 OOD sets, as {@code clel ood --out} names them (e.g. shapes-noise, svhn=/data/svhn)
 *                            (YAML {@code ood}; default: none)
 * @param oodBeta             beta of eq. (14) ({@code ood_beta}; default 0.1, {@code clel ood}'s)
 * @param oodCount            images of each built-in OOD set ({@code ood_count}; default 2000)
 * @param classAccuracy       measure class-conditional accuracy ({@code class_accuracy}; default false)
 * @param compose             compositions to measure, each a list of at least two attribute names of the run's data
 *                            ({@code compose}: "red,large" or a list of such; default: none)
 * @param classifier          the class classifier that judges class-conditional samples: a file from
 *                            {@code clel classifier train}, or "auto" for the run's data set's default classifier (the
 *                            one {@code eval.classifier: auto} uses, trained once and cached) ({@code classifier};
 *                            default "auto")
 * @param attributeClassifier the attribute classifier that judges compositional samples: a file from
 *                            {@code clel classifier train --attributes}, or "auto" (trained once per data set and
 *                            cached) ({@code attribute_classifier}; default "auto")
 * @param samplesPerCondition samples per class and per composition ({@code samples_per_condition}; default 16)
 * @param latentImages        held-out images per class or attribute aggregated into its z-bar
 *                            ({@code latent_images}; default 200, {@code clel sample}'s)
 * @param samplingSteps       SGLD steps per round from noise ({@code sampling_steps}; default 0: the run's
 *                            sampler.eval_steps)
 * @param samplingRounds      rounds of samplingSteps steps, with the run's augmentation between rounds
 *                            ({@code sampling_rounds}; default 0: the run's sampler.eval_rounds)
 * @param samplingBeta        beta of the latent term while sampling ({@code sampling_beta}; default NaN: the run's
 *                            loss.beta, as {@code clel sample}; give one value to sample every run alike, e.g. a
 *                            beta = 0 baseline)
 * @param knn                 measure the encoder's k-NN accuracy ({@code knn}; default false)
 * @param knnK                neighbours ({@code knn_k}; default 1)
 * @param knnReference        training images that form the labelled set ({@code knn_reference}; default 2000)
 * @param knnQueries          held-out images classified ({@code knn_queries}; default 1000)
 */
public record EvaluationSettings(List<String> ood, double oodBeta, int oodCount, boolean classAccuracy,
                                   List<List<String>> compose, String classifier, String attributeClassifier,
                                   int samplesPerCondition, int latentImages, int samplingSteps, int samplingRounds,
                                   double samplingBeta, boolean knn, int knnK, int knnReference, int knnQueries) {
    /** The value of classifier and attribute_classifier that asks for the data set's default classifier. */
    public static final String AUTO = "auto";

    /** Copies the lists and checks every setting. */
    public EvaluationSettings {
        ood = List.copyOf(ood);
        compose = compose.stream().map(List::copyOf).toList();
        if (!(oodBeta >= 0) || Double.isInfinite(oodBeta)) {
            throw new ConfigException("evaluate.ood_beta must be a finite number >= 0, got " + oodBeta);
        }
        positive("ood_count", oodCount);
        positive("samples_per_condition", samplesPerCondition);
        positive("latent_images", latentImages);
        if (samplingSteps < 0 || samplingRounds < 0) {
            throw new ConfigException("evaluate.sampling_steps and sampling_rounds must be >= 0 (0: the run's "
                    + "sampler.eval_steps and eval_rounds), got " + samplingSteps + " and " + samplingRounds);
        }
        if (!Double.isNaN(samplingBeta) && (!(samplingBeta >= 0) || Double.isInfinite(samplingBeta))) {
            throw new ConfigException("evaluate.sampling_beta must be a finite number >= 0, got " + samplingBeta);
        }
        positive("knn_k", knnK);
        positive("knn_queries", knnQueries);
        if (knnReference < knnK) {
            throw new ConfigException("evaluate.knn_reference must be at least knn_k (" + knnK + "), got " + knnReference);
        }
        classifierFile("classifier", classifier);
        classifierFile("attribute_classifier", attributeClassifier);
        for (List<String> c : compose) {
            checkComposition(c);
        }
        if (new LinkedHashSet<>(compose).size() != compose.size()) {
            throw new ConfigException("evaluate.compose lists a composition twice: " + compose);
        }
    }

    /** Nothing beyond what training logged. */
    public static final EvaluationSettings NONE = new EvaluationSettings(List.of(), 0.1, 2000, false, List.of(), AUTO,
            AUTO, 16, 200, 0, 0, Double.NaN, false, 1, 2000, 1000);

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new ConfigException("evaluate." + key + " must be positive, got " + value);
        }
    }

    private static void classifierFile(String key, String value) {
        if (value.isBlank()) {
            throw new ConfigException("evaluate." + key + " must be 'auto' or a classifier file from 'clel classifier train'");
        }
        if (!value.equals(AUTO) && !Files.isRegularFile(Path.of(value))) {
            throw new ConfigException("evaluate." + key + ": no such file '" + value + "' (expected 'auto' or a "
                    + "classifier file from 'clel classifier train')");
        }
    }

    private static void checkComposition(List<String> c) {
        if (c.size() < 2) {
            throw new ConfigException("evaluate.compose: '" + String.join(",", c) + "' names one attribute; a "
                    + "composition needs at least two, e.g. red,large (several: [\"red,large\", \"blue,top_half\"])");
        }
        for (String a : c) {
            if (a.isBlank()) {
                throw new ConfigException("evaluate.compose: empty attribute name in '" + String.join(",", c) + "'");
            }
        }
        if (new LinkedHashSet<>(c).size() != c.size()) {
            throw new ConfigException("evaluate.compose: '" + String.join(",", c) + "' names an attribute twice");
        }
    }

    /** The columns these settings add to the results table, in order ({@link MeasureNames#columns}). */
    public List<String> columns() {
        return MeasureNames.columns(this);
    }

    /**
     * Checks the measures against a run's held-out data: class_accuracy needs class labels, and every attribute of
     * compose must be one of the data's.
     *
     * @throws ConfigException naming the key and what the data offers
     */
    public void check(ImageSet heldOut) {
        if (classAccuracy && heldOut.classNames().size() < 2) {
            throw new ConfigException("evaluate.class_accuracy: data set " + heldOut.name() + " has no classes");
        }
        for (List<String> c : compose) {
            for (String a : c) {
                if (!heldOut.attributeNames().contains(a)) {
                    throw new ConfigException("evaluate.compose: data set " + heldOut.name() + " has no attribute '" + a
                            + "' (" + (heldOut.attributeNames().isEmpty() ? "it has none"
                            : "its attributes: " + String.join(", ", heldOut.attributeNames())) + ")");
                }
            }
        }
    }
}
