package clel.experiment;

import clel.config.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code evaluate} section of an experiment file into {@link EvaluationSettings}: every key optional (its
 * default that of {@link EvaluationSettings#NONE}), whole numbers, booleans and classifier files taken only as YAML
 * gives them (no text read as a number), {@code compose} as "a,b" or a list of "a,b" and [a, b], and every error one
 * line naming the file and the key ("FILE: evaluate.KEY ...").
 *
 * <p>The section is not bound by the configuration records' binder: that one requires every key, reads text as numbers
 * and has no form for a value that is either a string or a list, so it would accept and refuse other files.
 */
final class EvaluationSettingsReader {
    /** The keys of the section, in the order of the settings record. */
    private static final List<String> KEYS = List.of("ood", "ood_beta", "ood_count", "class_accuracy", "compose",
            "classifier", "attribute_classifier", "samples_per_condition", "latent_images", "sampling_steps",
            "sampling_rounds", "sampling_beta", "knn", "knn_k", "knn_reference", "knn_queries");

    private EvaluationSettingsReader() {
    }

    /**
     * The section as read from YAML (null: {@link EvaluationSettings#NONE}); {@code file} names the experiment file in
     * errors, which then read "FILE: evaluate.KEY ...".
     *
     * @throws ConfigException naming the file and the key
     */
    static EvaluationSettings read(Object section, String file) {
        String where = file + ": evaluate";
        if (section == null) {
            return EvaluationSettings.NONE;
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw new ConfigException(where + " must be a mapping with " + String.join(", ", KEYS));
        }
        for (Object k : map.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new ConfigException(where + ": unknown key '" + k + "' (expected " + String.join(", ", KEYS)
                        + ")");
            }
        }
        List<String> sets = oodSets(map.get("ood"), where);
        EvaluationSettings d = EvaluationSettings.NONE;
        try {
            return new EvaluationSettings(sets, number(map, "ood_beta", d.oodBeta(), where),
                    whole(map, "ood_count", d.oodCount(), where), bool(map, "class_accuracy", where),
                    compositions(map.get("compose"), where), text(map, "classifier", d.classifier(), where),
                    text(map, "attribute_classifier", d.attributeClassifier(), where),
                    whole(map, "samples_per_condition", d.samplesPerCondition(), where),
                    whole(map, "latent_images", d.latentImages(), where),
                    whole(map, "sampling_steps", d.samplingSteps(), where),
                    whole(map, "sampling_rounds", d.samplingRounds(), where),
                    number(map, "sampling_beta", d.samplingBeta(), where), bool(map, "knn", where),
                    whole(map, "knn_k", d.knnK(), where), whole(map, "knn_reference", d.knnReference(), where),
                    whole(map, "knn_queries", d.knnQueries(), where));
        } catch (ConfigException e) {
            throw e.getMessage().startsWith(file + ": ") ? e : new ConfigException(file + ": " + e.getMessage());
        }
    }

    /** ood: a non-empty list of data set names (absent: none). */
    private static List<String> oodSets(Object o, String where) {
        List<String> sets = new ArrayList<>();
        if (o == null) {
            return sets;
        }
        if (!(o instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(where + ".ood must be a non-empty list of data sets (e.g. shapes-noise)");
        }
        for (Object s : list) {
            if (!(s instanceof String name) || name.isBlank()) {
                throw new ConfigException(where + ".ood: expected data set names, got " + s);
            }
            sets.add(name);
        }
        return sets;
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
}
