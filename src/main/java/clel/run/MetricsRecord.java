package clel.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One line of a run's metrics.jsonl: the iteration, a value per {@link Metric}, the further step measures by field
 * (clel.training.StepMeasure: any other numeric field of a line) and whether the update was skipped.
 * Written and read here only, with Gson. A non-finite value is written as JSON null; a value that is null or missing
 * from a line reads as {@link Double#NaN}.
 *
 * @param iteration iterations completed
 * @param values    the measured values (metrics not measured are absent)
 * @param measures  further measures by JSON field, in file order (empty for runs without any)
 * @param skipped   whether the iteration's update was skipped (non-finite gradient, guard.on_bad_gradient=skip)
 */
public record MetricsRecord(long iteration, Map<Metric, Double> values, Map<String, Double> measures, boolean skipped) {
    public MetricsRecord {
        if (iteration < 0) {
            throw new IllegalArgumentException("metrics record: iteration must be >= 0, got " + iteration);
        }
        EnumMap<Metric, Double> copy = new EnumMap<>(Metric.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
        for (String field : measures.keySet()) {
            if (RESERVED.contains(field)) {
                throw new IllegalArgumentException("metrics record: measure '" + field + "' has a reserved field name");
            }
        }
        measures = Collections.unmodifiableMap(new LinkedHashMap<>(measures));
    }

    /** A line without further measures. */
    public MetricsRecord(long iteration, Map<Metric, Double> values, boolean skipped) {
        this(iteration, values, Map.of(), skipped);
    }

    /** Field names that are not measures: the iteration, the skip flag and every {@link Metric}'s. */
    private static final Set<String> RESERVED = reserved();

    private static Set<String> reserved() {
        Set<String> r = new HashSet<>(Set.of("iteration", "skipped"));
        for (Metric m : Metric.values()) {
            r.add(m.field());
        }
        return Set.copyOf(r);
    }

    /** The value of the further measure {@code field}, NaN when absent. */
    public double measure(String field) {
        Double v = measures.get(field);
        return v == null ? Double.NaN : v;
    }

    /** The value of {@code m}, NaN when absent. */
    public double get(Metric m) {
        Double v = values.get(m);
        return v == null ? Double.NaN : v;
    }

    /** One JSON object on one line; every value reads back exactly. */
    public String toJson() {
        StringWriter s = new StringWriter();
        try (JsonWriter w = new JsonWriter(s)) {
            w.beginObject();
            w.name("iteration").value(iteration);
            for (Map.Entry<Metric, Double> e : values.entrySet()) {
                write(w, e.getKey().field(), e.getValue());
            }
            for (Map.Entry<String, Double> e : measures.entrySet()) {
                write(w, e.getKey(), e.getValue());
            }
            w.name("skipped").value(skipped);
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s.toString();
    }

    private static void write(JsonWriter w, String name, double v) throws IOException {
        w.name(name);
        if (!Double.isFinite(v)) {
            w.nullValue();
        } else {
            w.value(v);
        }
    }

    /**
     * A parsed metrics line as a record.
     *
     * @throws IllegalArgumentException saying what is wrong: no numeric "iteration", an iteration that is not a count,
     *                                  a known field that is neither a number nor null
     */
    public static MetricsRecord fromJson(JsonObject o) {
        double it = number(o, "iteration");
        if (Double.isNaN(it)) {
            throw new IllegalArgumentException("no numeric \"iteration\"");
        }
        if (it < 0 || it != Math.rint(it) || it > 1e15) {
            throw new IllegalArgumentException("\"iteration\" " + o.get("iteration") + " is not a count");
        }
        EnumMap<Metric, Double> values = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            if (o.has(m.field())) {
                values.put(m, number(o, m.field()));
            }
        }
        Map<String, Double> measures = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            JsonElement v = e.getValue();
            if (!RESERVED.contains(e.getKey()) && (v.isJsonNull() || v.isJsonPrimitive() && ((JsonPrimitive) v).isNumber())) {
                measures.put(e.getKey(), number(o, e.getKey()));
            }
        }
        JsonElement skipped = o.get("skipped");
        return new MetricsRecord((long) it, values, measures, skipped != null && skipped.isJsonPrimitive()
                && ((JsonPrimitive) skipped).isBoolean() && skipped.getAsBoolean());
    }

    /** The field as a double: NaN if missing or null; an exception if present with another type. */
    private static double number(JsonObject o, String key) {
        JsonElement v = o.get(key);
        if (v == null || v.isJsonNull()) {
            return Double.NaN;
        }
        if (v.isJsonPrimitive() && ((JsonPrimitive) v).isNumber()) {
            return v.getAsDouble();
        }
        String text = v.toString();
        throw new IllegalArgumentException("\"" + key + "\" is not a number or null: "
                + (text.length() <= 40 ? text : text.substring(0, 37) + "..."));
    }
}
