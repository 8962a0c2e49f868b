package clel.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The readable content of a run's eval.jsonl (one line per buffer evaluation during training, written by
 * clel.training.BufferEvaluator: iteration, metric, value, and its relative position between floor and ceiling),
 * tolerant of damage like {@link MetricsLog}: a line that is not a JSON object with a numeric "iteration" and "value" is
 * skipped and counted; when several lines report the same iteration (a resumed run), the later one wins.
 *
 * @param entries   readable lines, one per iteration, sorted by iteration
 * @param malformed number of skipped lines
 */
public record EvaluationLog(List<Entry> entries, int malformed) {
    /**
     * One evaluation.
     *
     * @param iteration the training iteration
     * @param metric    what was measured (e.g. FD-shapes-classifier-5d670f56)
     * @param value     its value
     * @param relative  (value - floor) / (ceiling - floor), NaN when the line has none
     */
    public record Entry(long iteration, String metric, double value, double relative) {
    }

    public EvaluationLog {
        entries = List.copyOf(entries);
    }

    /** Reads an eval.jsonl file; a missing file is an empty log. */
    public static EvaluationLog read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new EvaluationLog(List.of(), 0);
        }
        Map<Long, Entry> byIteration = new TreeMap<>();
        int bad = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                long iteration = o.get("iteration").getAsLong();
                if (!o.has("value")) {
                    throw new IllegalArgumentException("no value");
                }
                byIteration.put(iteration, new Entry(iteration, o.has("metric") ? o.get("metric").getAsString() : "",
                        number(o.get("value")), number(o.get("relative"))));
            } catch (RuntimeException e) {
                bad++;
            }
        }
        return new EvaluationLog(new ArrayList<>(byIteration.values()), bad);
    }

    private static double number(JsonElement e) {
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    /** The latest evaluation, if any. */
    public Optional<Entry> last() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }
}
