package clel.experiment;

import clel.io.AtomicFileWriter;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an experiment measured on a run's checkpoint, kept in RUN/eval/experiment.json so that nothing is measured
 * twice:
 *
 * <pre>
 * {"iteration": 300,
 *  "measures": {"AUROC shapes-noise": {"value": 1.0, "settings": "ood_beta=0.1 ood_count=2000"},
 *               "class accuracy":     {"value": 0.31, "settings": "classifier=auto ..."}}}
 * </pre>
 *
 * A measure counts only for the checkpoint iteration it was taken at and with the settings it was taken with. Files of
 * the first version (OOD only: ood_beta, ood_count and auroc at the top level) are read as their AUROC measures.
 */
final class StoredMeasures {
    /**
     * One measure.
     *
     * @param value    its value (NaN: not defined, e.g. no sample of a class)
     * @param settings the evaluation settings it was taken with, as text
     */
    record Value(double value, String settings) {
        /** Whether the value was taken with {@code wanted}, the settings text its column asks for now. */
        boolean takenWith(String wanted) {
            return settings.equals(wanted);
        }
    }

    private StoredMeasures() {
    }

    /** The measures stored for {@code iteration}, by column; empty when the file is missing, unreadable or older. */
    static Map<String, Value> read(Path file, long iteration) {
        Map<String, Value> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            if (o.get("iteration").getAsLong() != iteration) {
                return out;
            }
            if (o.has("measures")) {
                for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("measures").entrySet()) {
                    JsonObject m = e.getValue().getAsJsonObject();
                    JsonElement v = m.get("value");
                    out.put(e.getKey(), new Value(v == null || v.isJsonNull() ? Double.NaN : v.getAsDouble(),
                            m.get("settings").getAsString()));
                }
            } else if (o.has("auroc")) {
                String settings = MeasureNames.oodSettings(o.get("ood_beta").getAsDouble(), o.get("ood_count").getAsInt());
                for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("auroc").entrySet()) {
                    out.put(MeasureNames.oodColumn(e.getKey()), new Value(e.getValue().isJsonNull() ? Double.NaN
                            : e.getValue().getAsDouble(), settings));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return new LinkedHashMap<>();
        }
    }

    /** Replaces the file (atomically) with these measures of {@code iteration}. */
    static void write(Path file, long iteration, Map<String, Value> measures) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        measures.forEach((column, v) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", Double.isFinite(v.value()) ? v.value() : null);
            entry.put("settings", v.settings());
            m.put(column, entry);
        });
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("iteration", iteration);
        json.put("measures", m);
        Files.createDirectories(file.getParent());
        byte[] text = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(json)
                .getBytes(StandardCharsets.UTF_8);
        AtomicFileWriter.write(file, s -> s.write(text));
    }
}
