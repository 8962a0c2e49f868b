package clel.report;

import clel.run.Metric;
import clel.run.MetricsRecord;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The readable content of a run's metrics.jsonl, tolerant of damage: a line that is not a JSON object with a
 * numeric "iteration" (or has a non-numeric value in a known field) is skipped and recorded; blank lines are
 * ignored. When several lines report the same iteration (a resumed run or a divergence rollback appends
 * again), the later line wins.
 *
 * @param records    readable lines, one per iteration, sorted by iteration
 * @param malformed  skipped lines, in file order
 * @param superseded lines replaced by a later line for the same iteration
 */
public record MetricsLog(List<MetricsRecord> records, List<MalformedLine> malformed, int superseded) {
    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    public MetricsLog {
        records = List.copyOf(records);
        malformed = List.copyOf(malformed);
        if (superseded < 0) {
            throw new IllegalArgumentException("metrics log: superseded must be >= 0, got " + superseded);
        }
    }

    /**
     * Reads a metrics.jsonl file (UTF-8; undecodable bytes become U+FFFD and usually make their line malformed).
     *
     * @throws IOException if the file cannot be read (the message names it)
     */
    public static MetricsLog read(Path file) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8))) {
            return parse(in);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A metric of the records as points to plot: {iteration, value}, the value NaN where it was not logged. */
    static double[][] points(List<MetricsRecord> records, Metric y) {
        return pointsOf(records, r -> r.get(y));
    }

    /** A further step measure of the records (a field of metrics.jsonl) as points to plot, like {@link #points}. */
    static double[][] measurePoints(List<MetricsRecord> records, String field) {
        return pointsOf(records, r -> r.measure(field));
    }

    private static double[][] pointsOf(List<MetricsRecord> records, ToDoubleFunction<MetricsRecord> y) {
        double[][] p = new double[records.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {records.get(i).iteration(), y.applyAsDouble(records.get(i))};
        }
        return p;
    }

    /** Parses metrics lines from a reader (see {@link #read}). */
    static MetricsLog parse(BufferedReader in) throws IOException {
        Map<Long, MetricsRecord> byIteration = new TreeMap<>();
        List<MalformedLine> bad = new ArrayList<>();
        int superseded = 0;
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                MetricsRecord r = parseLine(line);
                if (byIteration.put(r.iteration(), r) != null) {
                    superseded++;
                }
            } catch (IllegalArgumentException e) {
                bad.add(new MalformedLine(number, e.getMessage()));
            }
        }
        return new MetricsLog(new ArrayList<>(byIteration.values()), bad, superseded);
    }

    /**
     * One line as a record.
     *
     * @throws IllegalArgumentException saying what is wrong with the line
     */
    static MetricsRecord parseLine(String line) {
        JsonElement e;
        JsonReader reader = new JsonReader(new StringReader(line));
        reader.setStrictness(Strictness.STRICT);
        try {
            e = JSON.read(reader);
        } catch (IOException | JsonParseException | IllegalStateException ex) {
            throw new IllegalArgumentException("not valid JSON (" + gsonMessage(ex) + ")");
        }
        if (!atEnd(reader)) {
            throw new IllegalArgumentException("text after the JSON object");
        }
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return MetricsRecord.fromJson(e.getAsJsonObject());
    }

    /** Whether only whitespace follows the first JSON value. */
    static boolean atEnd(JsonReader reader) {
        try {
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /** Gson's message without its advice to switch to lenient parsing and without the troubleshooting link. */
    static String gsonMessage(Exception e) {
        String s = e.getMessage();
        if (s == null) {
            return e.getClass().getSimpleName();
        }
        int nl = s.indexOf('\n');
        String first = (nl < 0 ? s : s.substring(0, nl)).replaceFirst("^Use JsonReader\\.set\\w+\\([^)]*\\) to accept ", "");
        return first.length() <= 100 ? first : first.substring(0, 97) + "...";
    }
}
