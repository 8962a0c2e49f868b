package clel.report;

import clel.config.SafeYaml;
import clel.run.RunFolder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A run's config.yaml as the report shows it: its text, and its values for the summary (data set, model size, seed,
 * planned iterations). The text is read as bounded YAML ({@link SafeYaml}) but not validated as a configuration, so
 * that the report of a run written by an older or newer clel still shows what it can.
 *
 * @param text   the file's text, or null when it is missing or cannot be read
 * @param values its mapping of keys, empty when the text is missing or not a YAML mapping
 */
record RunConfig(String text, Map<String, Object> values) {
    RunConfig {
        values = Collections.unmodifiableMap(values);
    }

    /** Reads RUN/config.yaml; what is missing or damaged is added to {@code notes}. */
    static RunConfig read(Path runDir, RunFiles files, List<String> notes) {
        String text = files.text(runDir.resolve(RunFolder.CONFIG), "no " + RunFolder.CONFIG + " in the run folder");
        if (text == null) {
            return new RunConfig(null, Map.of());
        }
        try {
            return new RunConfig(text, SafeYaml.parseMap(text, RunFolder.CONFIG));
        } catch (RuntimeException e) {
            notes.add(RunFolder.CONFIG + ": not readable as YAML (" + FirstLine.of(e.getMessage())
                    + "); shown as text only");
            return new RunConfig(text, Map.of());
        }
    }

    /** The value at a path of keys (e.g. "model", "size"), or null when there is none. */
    Object value(String... path) {
        Object v = values;
        for (String key : path) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(key);
        }
        return v;
    }
}
