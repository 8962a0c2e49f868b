package clel.experiment;

import ai.djl.Device;
import clel.config.ConfigException;
import clel.data.ImageSet;
import clel.model.TrainedModel;
import clel.report.ComparisonPage;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

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
 * The conditional samples are written to RUN/eval/experiment-classes.png (one row per class) and
 * RUN/eval/experiment-compose-A+B.png. The measures are kept in RUN/eval/experiment.json with the checkpoint's
 * iteration and the settings they were taken with ({@link StoredMeasures}), so that a resumed experiment measures
 * nothing twice and a changed setting measures again only what it affects.
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
public record ExperimentEvaluation(List<String> ood, double oodBeta, int oodCount, boolean classAccuracy,
                                   List<List<String>> compose, String classifier, String attributeClassifier,
                                   int samplesPerCondition, int latentImages, int samplingSteps, int samplingRounds,
                                   double samplingBeta, boolean knn, int knnK, int knnReference, int knnQueries)
        implements MeasureColumns {
    private static final List<String> KEYS = List.of("ood", "ood_beta", "ood_count", "class_accuracy", "compose",
            "classifier", "attribute_classifier", "samples_per_condition", "latent_images", "sampling_steps",
            "sampling_rounds", "sampling_beta", "knn", "knn_k", "knn_reference", "knn_queries");
    /** The value of classifier and attribute_classifier that asks for the data set's default classifier. */
    public static final String AUTO = "auto";
    /** Column of the class-conditional accuracy. */
    public static final String CLASS_ACCURACY = "class accuracy";
    /** The grid of the class-conditional samples in RUN/eval/ (one row per class). */
    static final String CLASSES_GRID = ComparisonPage.EVALUATION_GRID_PREFIX + "classes.png";

    public ExperimentEvaluation {
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
    public static final ExperimentEvaluation NONE = new ExperimentEvaluation(List.of(), 0.1, 2000, false, List.of(), AUTO,
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

    // ------------------------------------------------------------------ YAML

    /**
     * The section as read from YAML (null: {@link #NONE}); {@code file} names the experiment file in errors, which
     * then read "FILE: evaluate.KEY ...".
     */
    static ExperimentEvaluation parse(Object section, String file) {
        String where = file + ": evaluate";
        if (section == null) {
            return NONE;
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw new ConfigException(where + " must be a mapping with " + String.join(", ", KEYS));
        }
        for (Object k : map.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new ConfigException(where + ": unknown key '" + k + "' (expected " + String.join(", ", KEYS) + ")");
            }
        }
        List<String> sets = new ArrayList<>();
        Object o = map.get("ood");
        if (o != null) {
            if (!(o instanceof List<?> list) || list.isEmpty()) {
                throw new ConfigException(where + ".ood must be a non-empty list of data sets (e.g. shapes-noise)");
            }
            for (Object s : list) {
                if (!(s instanceof String name) || name.isBlank()) {
                    throw new ConfigException(where + ".ood: expected data set names, got " + s);
                }
                sets.add(name);
            }
        }
        ExperimentEvaluation d = NONE;
        try {
            return new ExperimentEvaluation(sets, number(map, "ood_beta", d.oodBeta, where),
                    whole(map, "ood_count", d.oodCount, where), bool(map, "class_accuracy", where),
                    compositions(map.get("compose"), where), text(map, "classifier", d.classifier, where),
                    text(map, "attribute_classifier", d.attributeClassifier, where),
                    whole(map, "samples_per_condition", d.samplesPerCondition, where),
                    whole(map, "latent_images", d.latentImages, where), whole(map, "sampling_steps", d.samplingSteps, where),
                    whole(map, "sampling_rounds", d.samplingRounds, where),
                    number(map, "sampling_beta", d.samplingBeta, where), bool(map, "knn", where),
                    whole(map, "knn_k", d.knnK, where), whole(map, "knn_reference", d.knnReference, where),
                    whole(map, "knn_queries", d.knnQueries, where));
        } catch (ConfigException e) {
            throw e.getMessage().startsWith(file + ": ") ? e : new ConfigException(file + ": " + e.getMessage());
        }
    }

    private static double number(Map<?, ?> map, String key, double fallback, String where) {
        Object o = map.get(key);
        if (o == null) {
            return fallback;
        }
        if (!(o instanceof Number n)) {
            throw new ConfigException(where + "." + key + " must be a number, got " + o);
        }
        return n.doubleValue();
    }

    private static int whole(Map<?, ?> map, String key, int fallback, String where) {
        Object o = map.get(key);
        if (o == null) {
            return fallback;
        }
        if (!(o instanceof Integer || o instanceof Long) || ((Number) o).longValue() != ((Number) o).intValue()) {
            throw new ConfigException(where + "." + key + " must be a whole number, got " + o);
        }
        return ((Number) o).intValue();
    }

    private static boolean bool(Map<?, ?> map, String key, String where) {
        Object o = map.get(key);
        if (o == null) {
            return false;
        }
        if (!(o instanceof Boolean b)) {
            throw new ConfigException(where + "." + key + " must be true or false, got " + o);
        }
        return b;
    }

    private static String text(Map<?, ?> map, String key, String fallback, String where) {
        Object o = map.get(key);
        if (o == null) {
            return fallback;
        }
        if (!(o instanceof String s)) {
            throw new ConfigException(where + "." + key + " must be 'auto' or a classifier file, got " + o);
        }
        return s;
    }

    /** compose: "a,b" (one composition) or a list whose items are "a,b" or [a, b]. */
    private static List<List<String>> compositions(Object o, String where) {
        List<List<String>> out = new ArrayList<>();
        if (o == null) {
            return out;
        }
        String expected = where + ".compose must be attribute names joined by commas (red,large) or a list of such";
        if (o instanceof String s) {
            out.add(split(s));
            return out;
        }
        if (!(o instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(expected + ", got " + o);
        }
        for (Object item : list) {
            if (item instanceof String s) {
                out.add(split(s));
            } else if (item instanceof List<?> names && names.stream().allMatch(n -> n instanceof String)) {
                out.add(names.stream().map(n -> ((String) n).trim()).toList());
            } else {
                throw new ConfigException(expected + ", got " + item);
            }
        }
        return out;
    }

    private static List<String> split(String s) {
        return Arrays.stream(s.split(",", -1)).map(String::trim).toList();
    }

    // ------------------------------------------------------------------ columns and settings

    /** The column of the AUROC against an OOD set. */
    static String oodColumn(String set) {
        return "AUROC " + set;
    }

    /** The settings of an AUROC measure, as stored. */
    static String oodSettings(double beta, int count) {
        return "ood_beta=" + beta + " ood_count=" + count;
    }

    /** The column of a composition's accuracy. */
    static String composeColumn(List<String> attributes) {
        return "compose " + String.join("+", attributes);
    }

    /** The grid of a composition's samples in RUN/eval/. */
    static String composeGrid(List<String> attributes) {
        return ComparisonPage.EVALUATION_GRID_PREFIX + "compose-" + String.join("+", attributes)
                .replaceAll("[^A-Za-z0-9._+-]", "_") + ".png";
    }

    private String knnColumn() {
        return knnK + "-NN accuracy";
    }

    @Override
    public List<String> columns() {
        List<String> c = new ArrayList<>(ood.stream().map(ExperimentEvaluation::oodColumn).toList());
        if (classAccuracy) {
            c.add(CLASS_ACCURACY);
        }
        compose.forEach(a -> c.add(composeColumn(a)));
        if (knn) {
            c.add(knnColumn());
        }
        return c;
    }

    /** Each column's settings, as stored with its value. */
    private Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        ood.forEach(set -> s.put(oodColumn(set), oodSettings(oodBeta, oodCount)));
        String sampling = "samples_per_condition=" + samplesPerCondition + " latent_images=" + latentImages
                + " sampling_steps=" + (samplingSteps == 0 ? "run" : samplingSteps) + " sampling_rounds="
                + (samplingRounds == 0 ? "run" : samplingRounds) + " sampling_beta="
                + (Double.isNaN(samplingBeta) ? "run" : samplingBeta) + " seed=" + RunEvaluator.SEED;
        if (classAccuracy) {
            s.put(CLASS_ACCURACY, "classifier=" + classifier + " " + sampling);
        }
        compose.forEach(a -> s.put(composeColumn(a), "attribute_classifier=" + attributeClassifier + " " + sampling));
        if (knn) {
            s.put(knnColumn(), "knn_reference=" + knnReference + " knn_queries=" + knnQueries);
        }
        return s;
    }

    /**
     * This evaluation's values of a run in {@link #columns()} order, NaN where not measured (or measured with other
     * settings or on another checkpoint).
     */
    @Override
    public double[] values(ExperimentRun run) throws IOException {
        List<String> columns = columns();
        double[] v = new double[columns.size()];
        Arrays.fill(v, Double.NaN);
        RunFolder f = new RunFolder(run.folder());
        if (columns.isEmpty() || !Files.exists(f.lastCheckpoint())) {
            return v;
        }
        Map<String, StoredMeasures.Value> stored = StoredMeasures.read(f.experimentEvaluation(),
                Checkpoint.iterationOf(f.lastCheckpoint()));
        Map<String, String> settings = settings();
        for (int i = 0; i < v.length; i++) {
            StoredMeasures.Value s = stored.get(columns.get(i));
            if (s != null && s.settings().equals(settings.get(columns.get(i)))) {
                v[i] = s.value();
            }
        }
        return v;
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

    /**
     * Measures what a finished run lacks: every column that RUN/eval/experiment.json does not hold for its last.ckpt
     * with these settings. Each measure is stored as soon as it is taken.
     *
     * @param device where the model, the classifiers and every array of the measures live
     * @param log    receives a line per measure with its value and time
     * @return whether anything was measured
     */
    public boolean measure(ExperimentRun run, Device device, Consumer<String> log) throws IOException {
        RunFolder f = new RunFolder(run.folder());
        if (columns().isEmpty() || !Files.exists(f.lastCheckpoint())) {
            return false;
        }
        long iteration = Checkpoint.iterationOf(f.lastCheckpoint());
        Map<String, StoredMeasures.Value> stored = StoredMeasures.read(f.experimentEvaluation(), iteration);
        Map<String, String> settings = settings();
        List<String> missing = columns().stream().filter(c -> stored.get(c) == null
                || !stored.get(c).settings().equals(settings.get(c))).toList();
        if (missing.isEmpty()) {
            return false;
        }
        Path evalDir = f.experimentEvaluation().getParent();
        try (TrainedModel m = TrainedModel.load(f.lastCheckpoint(), true, device)) {
            RunEvaluator ev = new RunEvaluator(m, this, log);
            List<String> sets = ood.stream().filter(s -> missing.contains(oodColumn(s))).toList();
            if (!sets.isEmpty()) {
                take(f, iteration, stored, settings, log, () -> {
                    Map<String, Double> v = new LinkedHashMap<>();
                    ev.ood(sets).forEach((s, a) -> v.put(oodColumn(s), a));
                    return v;
                });
            }
            if (missing.contains(CLASS_ACCURACY)) {
                take(f, iteration, stored, settings, log, () -> Map.of(CLASS_ACCURACY,
                        ev.classAccuracy(evalDir.resolve(CLASSES_GRID))));
            }
            for (List<String> c : compose) {
                if (missing.contains(composeColumn(c))) {
                    take(f, iteration, stored, settings, log, () -> Map.of(composeColumn(c),
                            ev.composition(c, evalDir.resolve(composeGrid(c)))));
                }
            }
            if (knn && missing.contains(knnColumn())) {
                take(f, iteration, stored, settings, log, () -> Map.of(knnColumn(), ev.knn()));
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
                             Map<String, String> settings, Consumer<String> log, Step step) throws IOException {
        long t0 = System.nanoTime();
        Map<String, Double> taken = step.run();
        StringBuilder line = new StringBuilder();
        taken.forEach((c, v) -> {
            line.append(line.length() == 0 ? "" : ", ").append(c).append(String.format(Locale.ROOT, " %.4f", v));
            stored.put(c, new StoredMeasures.Value(v, settings.get(c)));
        });
        log.accept(line + String.format(Locale.ROOT, " (%.1f s)", (System.nanoTime() - t0) / 1e9));
        StoredMeasures.write(f.experimentEvaluation(), iteration, stored);
    }
}
