package clel.experiment;

import ai.djl.Device;
import clel.augment.AugmentationKind;
import clel.config.ConfigException;
import clel.data.ImageSet;
import clel.data.source.DataSources;
import clel.evaluation.OodScores;
import clel.io.AtomicFileWriter;
import clel.model.TrainedModel;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an experiment measures on each finished run (YAML section {@code evaluate}), beyond what training logged:
 * out-of-distribution detection with the score of eq. (14), as {@code clel ood} computes it, on the run's EMA weights
 * in last.ckpt, with the run's held-out split as the in-distribution set. The measures are kept in
 * RUN/eval/experiment.json with the checkpoint's iteration and these settings, so that a resumed experiment does not
 * measure a run twice.
 *
 * @param ood      OOD sets, as {@code clel ood --out} names them (e.g. shapes-noise, svhn=/data/svhn); empty: none
 * @param oodBeta  beta of eq. (14) (default 0.1, {@code clel ood}'s)
 * @param oodCount images of each built-in OOD set (default 2000)
 */
public record ExperimentEvaluation(List<String> ood, double oodBeta, int oodCount) {
    private static final List<String> KEYS = List.of("ood", "ood_beta", "ood_count");
    /** Scoring batch size. */
    private static final int BATCH = 256;

    public ExperimentEvaluation {
        ood = List.copyOf(ood);
        if (!(oodBeta >= 0) || Double.isInfinite(oodBeta)) {
            throw new ConfigException("evaluate.ood_beta must be a finite number >= 0, got " + oodBeta);
        }
        if (oodCount <= 0) {
            throw new ConfigException("evaluate.ood_count must be positive, got " + oodCount);
        }
    }

    /** Nothing beyond what training logged. */
    public static final ExperimentEvaluation NONE = new ExperimentEvaluation(List.of(), 0.1, 2000);

    /** The section as read from YAML (null: {@link #NONE}); {@code where} names it in errors. */
    static ExperimentEvaluation parse(Object section, String where) {
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
        double beta = number(map.get("ood_beta"), NONE.oodBeta, where + ".ood_beta");
        double count = number(map.get("ood_count"), NONE.oodCount, where + ".ood_count");
        if (count != Math.rint(count)) {
            throw new ConfigException(where + ".ood_count must be a whole number, got " + map.get("ood_count"));
        }
        try {
            return new ExperimentEvaluation(sets, beta, (int) count);
        } catch (ConfigException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
    }

    private static double number(Object o, double fallback, String what) {
        if (o == null) {
            return fallback;
        }
        if (!(o instanceof Number n)) {
            throw new ConfigException(what + " must be a number, got " + o);
        }
        return n.doubleValue();
    }

    /** The columns these measures add to the results table, in order. */
    public List<String> columns() {
        return ood.stream().map(s -> "AUROC " + s).toList();
    }

    /**
     * Measures a finished run unless RUN/eval/experiment.json already holds these measures of its last.ckpt.
     *
     * @return whether anything was measured
     */
    public boolean measure(ExperimentRun run) throws IOException {
        RunFolder f = new RunFolder(run.folder());
        if (ood.isEmpty() || !Files.exists(f.lastCheckpoint())) {
            return false;
        }
        long iteration = Checkpoint.iterationOf(f.lastCheckpoint());
        if (read(f.experimentEvaluation(), iteration) != null) {
            return false;
        }
        Map<String, Double> auroc;
        try (TrainedModel m = TrainedModel.load(f.lastCheckpoint(), true, Device.cpu())) {
            int size = m.config().model().imageSize();
            ImageSet in = DataSources.load(m.config().data(), false);
            Map<String, ImageSet> out = new LinkedHashMap<>();
            for (String s : ood) {
                out.put(s, DataSources.named(s, size, oodCount, 2));
            }
            auroc = OodScores.evaluate(m, in, out, (float) oodBeta, AugmentationKind.NONE, BATCH).auroc();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("iteration", iteration);
        json.put("ood_beta", oodBeta);
        json.put("ood_count", oodCount);
        json.put("auroc", auroc);
        Files.createDirectories(f.experimentEvaluation().getParent());
        byte[] text = new GsonBuilder().setPrettyPrinting().create().toJson(json).getBytes(StandardCharsets.UTF_8);
        AtomicFileWriter.write(f.experimentEvaluation(), s -> s.write(text));
        return true;
    }

    /**
     * This evaluation's values of a run in {@link #columns()} order, NaN where not measured (or measured with other
     * settings or on another checkpoint).
     */
    public double[] values(ExperimentRun run) throws IOException {
        RunFolder f = new RunFolder(run.folder());
        double[] v = new double[ood.size()];
        java.util.Arrays.fill(v, Double.NaN);
        if (ood.isEmpty() || !Files.exists(f.lastCheckpoint())) {
            return v;
        }
        JsonObject o = read(f.experimentEvaluation(), Checkpoint.iterationOf(f.lastCheckpoint()));
        if (o == null) {
            return v;
        }
        JsonObject a = o.getAsJsonObject("auroc");
        for (int i = 0; i < ood.size(); i++) {
            if (a.has(ood.get(i)) && !a.get(ood.get(i)).isJsonNull()) {
                v[i] = a.get(ood.get(i)).getAsDouble();
            }
        }
        return v;
    }

    /** The stored measures when they are of {@code iteration} with these settings and every set; else null. */
    private JsonObject read(Path file, long iteration) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            boolean same = o.get("iteration").getAsLong() == iteration && o.get("ood_beta").getAsDouble() == oodBeta
                    && o.get("ood_count").getAsInt() == oodCount && o.has("auroc")
                    && o.getAsJsonObject("auroc").keySet().containsAll(Set.copyOf(ood));
            return same ? o : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
