package clel.experiment;

import clel.report.MetricsLog;
import clel.run.Metric;
import clel.run.MetricsRecord;
import clel.run.RunFolder;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table of an experiment: one row per run (its status and final measures, read from its run folder) and one row
 * per group of runs that differ only in their seed, with mean ± std over the seeds. Written as results.json and
 * results.md in the experiment's folder. The measures: the final energies and cosine (mean of the last 10% of logged
 * iterations), the last buffer evaluation (FD and its relative position between floor and ceiling), stability (rollbacks
 * in train.log, skipped updates among the logged iterations) and the plan's {@link ExperimentEvaluation} columns.
 */
public final class ExperimentResults {
    /** The measures every row has, in column order; the plan's evaluation columns follow. */
    static final List<String> COLUMNS = List.of("E(x)", "E(x~)", "cosine", "FD", "FD relative", "rollbacks",
            "skipped (logged)");
    /** The line train.log holds for each rollback (clel.training.TrainingLoop). */
    private static final String ROLLBACK = "): rolled back to iteration ";

    private ExperimentResults() {
    }

    /** A run's final measures: the mean of its last 10% of logged iterations' energies and cosine, its last evaluation. */
    static double[] measures(ExperimentRun run, ExperimentEvaluation evaluation) throws IOException {
        RunFolder f = new RunFolder(run.folder());
        double[] v = new double[COLUMNS.size() + evaluation.columns().size()];
        java.util.Arrays.fill(v, Double.NaN);
        if (Files.exists(f.metrics())) {
            List<MetricsRecord> recs = MetricsLog.read(f.metrics()).records();
            int from = recs.size() - Math.max(1, recs.size() / 10);
            Metric[] m = {Metric.ENERGY_DATA, Metric.ENERGY_SAMPLE, Metric.LATENT_COSINE};
            for (int k = 0; k < m.length && !recs.isEmpty(); k++) {
                double s = 0;
                for (MetricsRecord r : recs.subList(Math.max(0, from), recs.size())) {
                    s += r.get(m[k]);
                }
                v[k] = s / (recs.size() - Math.max(0, from));
            }
            v[6] = recs.stream().filter(MetricsRecord::skipped).count();
        }
        if (Files.exists(f.log())) {
            try (java.util.stream.Stream<String> lines = Files.lines(f.log())) {
                v[5] = lines.filter(l -> l.contains(ROLLBACK)).count();
            }
        }
        double[] extra = evaluation.values(run);
        System.arraycopy(extra, 0, v, COLUMNS.size(), extra.length);
        if (Files.exists(f.evaluations())) {
            List<String> lines = Files.readAllLines(f.evaluations()).stream().filter(l -> !l.isBlank()).toList();
            if (!lines.isEmpty()) {
                JsonObject o = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
                v[3] = number(o, "value");
                v[4] = number(o, "relative");
            }
        }
        return v;
    }

    private static double number(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsDouble() : Double.NaN;
    }

    /** Writes results.json and results.md into the plan's output folder; returns the markdown. */
    public static String write(ExperimentPlan plan, List<ExperimentRunner.Outcome> outcomes) throws IOException {
        List<String> columns = new ArrayList<>(COLUMNS);
        columns.addAll(plan.evaluate().columns());
        StringBuilder md = new StringBuilder("# Experiment " + plan.name() + "\n\nbase `" + plan.base() + "`, overrides `"
                + String.join(" ", plan.overrides()) + "`\n");
        plan.variants().forEach((name, o) -> md.append("\nvariant `").append(name).append("`: `")
                .append(o.isEmpty() ? "(base)" : String.join(" ", o)).append('`'));
        md.append("\n\n| run | status | ").append(String.join(" | ", columns)).append(" |\n|---|---|")
                .append("---|".repeat(columns.size())).append("\n");
        List<Map<String, Object>> json = new ArrayList<>();
        Map<String, List<double[]>> groups = new LinkedHashMap<>();
        for (ExperimentRunner.Outcome o : outcomes) {
            double[] v = measures(o.run(), plan.evaluate());
            String status = o.status() == ExperimentRunner.Status.FAILED ? "failed: " + o.error() : "finished";
            md.append("| ").append(o.run().name()).append(" | ").append(status.replace("|", "/"));
            for (double x : v) {
                md.append(" | ").append(Summary.of(x).format(4));
            }
            md.append(" |\n");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("run", o.run().name());
            row.put("folder", o.run().folder().toString());
            row.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
            if (o.error() != null) {
                row.put("error", o.error());
            }
            for (int k = 0; k < v.length; k++) {
                row.put(columns.get(k), Double.isFinite(v[k]) ? v[k] : null);
            }
            json.add(row);
            if (o.status() != ExperimentRunner.Status.FAILED) {
                groups.computeIfAbsent(o.run().group(Set.of("seed")), k -> new ArrayList<>()).add(v);
            }
        }
        md.append("\nMean ± std over seeds (finished runs):\n\n| group | runs | ").append(String.join(" | ", columns))
                .append(" |\n|---|---|").append("---|".repeat(columns.size())).append("\n");
        List<Map<String, Object>> groupJson = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> g : groups.entrySet()) {
            md.append("| ").append(g.getKey().isEmpty() ? "all" : g.getKey()).append(" | ").append(g.getValue().size());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", g.getKey());
            row.put("runs", g.getValue().size());
            for (int k = 0; k < columns.size(); k++) {
                int col = k;
                Summary s = Summary.of(g.getValue().stream().mapToDouble(v -> v[col]).toArray());
                md.append(" | ").append(s.format(4));
                row.put(columns.get(k), Map.of("mean", s.n() > 0 ? s.mean() : "null", "std", s.n() > 0 ? s.std() : "null",
                        "n", s.n()));
            }
            md.append(" |\n");
            groupJson.add(row);
        }
        Files.createDirectories(plan.output());
        Files.writeString(plan.output().resolve("results.md"), md.toString());
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("experiment", plan.name());
        all.put("runs", json);
        all.put("groups", groupJson);
        Files.writeString(plan.output().resolve("results.json"),
                new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(all));
        return md.toString();
    }
}
