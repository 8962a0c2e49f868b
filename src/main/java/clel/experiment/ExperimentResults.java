package clel.experiment;

import clel.report.ComparisonPage;
import clel.report.EvalTable;
import clel.report.EvaluationLog;
import clel.report.MetricsLog;
import clel.run.Metric;
import clel.run.MetricsRecord;
import clel.run.RunFolder;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The table of an experiment: one row per run (its status and final measures, read from its run folder) and one row
 * per group of runs that differ only in their seed, with mean ± std over the seeds. Written as results.json and
 * results.md in the experiment's folder, with the page results.html ({@link ComparisonPage}: the tables, every run's
 * latest replay-buffer grid by group, and the runs' training curves overlaid). The measures: the final energies and
 * cosine (mean of the last 10% of logged
 * iterations), the last buffer evaluation (FD and its relative position between floor and ceiling), stability (rollbacks
 * in train.log, skipped updates among the logged iterations) and the plan's {@link EvaluationSettings} columns ({@link PlannedMeasures}).
 */
public final class ExperimentResults {
    /** The measures every row has, in column order; the plan's evaluation columns follow. */
    static final List<String> COLUMNS = List.of("E(x)", "E(x~)", "cosine", "FD", "FD relative", "rollbacks",
            "skipped (logged)");
    /** The table as markdown, in the output folder. */
    public static final String MARKDOWN = "results.md";
    /** The table as JSON (every value, null where there is none), in the output folder. */
    public static final String JSON = "results.json";
    /** The page ({@link ComparisonPage}): the tables, every run's grid and the overlaid training curves. */
    public static final String PAGE = "results.html";
    private static final String GROUPS_TITLE = "Mean ± std over seeds, with the 95% interval of the mean "
            + "(Student's t over the seeds; finished runs)";
    private static final String NOTES = "E(x), E(x~) and cosine: mean of the last 10% of the logged iterations; FD: the "
            + "last buffer evaluation (eval.jsonl), relative = (FD - floor) / (ceiling - floor); rollbacks: lines in "
            + "train.log; skipped: logged iterations whose update was skipped.";
    /** The line train.log holds for each rollback (clel.training.TrainingLoop). */
    private static final String ROLLBACK = "): rolled back to iteration ";

    private ExperimentResults() {
    }

    /** A run's final measures: the mean of its last 10% of logged iterations' energies and cosine, its last evaluation. */
    static double[] measures(ExperimentRun run, MeasureColumns evaluation) throws IOException {
        RunFolder f = new RunFolder(run.folder());
        double[] v = new double[COLUMNS.size() + evaluation.columns().size()];
        Arrays.fill(v, Double.NaN);
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
            try (Stream<String> lines = Files.lines(f.log())) {
                v[5] = lines.filter(l -> l.contains(ROLLBACK)).count();
            }
        }
        double[] extra = evaluation.values(run);
        System.arraycopy(extra, 0, v, COLUMNS.size(), extra.length);
        EvaluationLog.read(f.evaluations()).last().ifPresent(e -> {
            v[3] = e.value();
            v[4] = e.relative();
        });
        return v;
    }

    /** Writes results.json, results.md and the page results.html into the plan's output folder; returns the markdown. */
    public static String write(ExperimentPlan plan, List<ExperimentRunner.Outcome> outcomes) throws IOException {
        List<String> intro = new ArrayList<>();
        intro.add("base `" + plan.base() + "`, overrides `" + String.join(" ", plan.overrides()) + "`");
        plan.variants().forEach((name, o) -> intro.add("variant `" + name + "`: `" + (o.isEmpty() ? "(base)"
                : String.join(" ", o)) + "`"));
        return write(plan.output(), plan.name(), "Experiment " + plan.name(), intro,
                new PlannedMeasures(plan.evaluate()), outcomes);
    }

    /**
     * Writes results.json, results.md and results.html into {@code output}; returns the markdown.
     *
     * @param name     the "experiment" of results.json
     * @param title    the heading of results.md and the page
     * @param intro    paragraphs under the heading (markdown: `code` spans)
     * @param extra    the measures beyond training's, as further columns
     * @param outcomes the runs in table order; runs that differ only in their seed form a group
     */
    static String write(Path output, String name, String title, List<String> intro, MeasureColumns extra,
                        List<ExperimentRunner.Outcome> outcomes) throws IOException {
        List<String> columns = new ArrayList<>(COLUMNS);
        columns.addAll(extra.columns());
        List<List<String>> runRows = new ArrayList<>();
        List<Map<String, Object>> json = new ArrayList<>();
        Map<String, List<double[]>> groups = new LinkedHashMap<>();
        List<ComparisonPage.Run> pageRuns = new ArrayList<>();
        for (ExperimentRunner.Outcome o : outcomes) {
            double[] v = measures(o.run(), extra);
            List<String> cells = new ArrayList<>(List.of(o.run().name(), status(o)));
            for (double x : v) {
                cells.add(Summary.of(x).format(4));
            }
            runRows.add(cells);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("run", o.run().name());
            row.put("folder", o.run().folder().toString());
            row.put("status", o.status().name().toLowerCase(Locale.ROOT));
            if (o.message() != null) {
                row.put(o.status() == ExperimentRunner.Status.FAILED ? "error" : "progress", o.message());
            }
            for (int k = 0; k < v.length; k++) {
                row.put(columns.get(k), Double.isFinite(v[k]) ? v[k] : null);
            }
            json.add(row);
            String group = o.run().group(Set.of("seed"));
            if (o.status().finished()) {
                groups.computeIfAbsent(group, k -> new ArrayList<>()).add(v);
            }
            pageRuns.add(new ComparisonPage.Run(o.run().name(), group, o.run().folder()));
        }
        List<List<String>> groupRows = new ArrayList<>();
        List<Map<String, Object>> groupJson = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> g : groups.entrySet()) {
            List<String> cells = new ArrayList<>(List.of(g.getKey().isEmpty() ? "all" : g.getKey(),
                    String.valueOf(g.getValue().size())));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", g.getKey());
            row.put("runs", g.getValue().size());
            for (int k = 0; k < columns.size(); k++) {
                int col = k;
                Summary s = Summary.of(g.getValue().stream().mapToDouble(v -> v[col]).toArray());
                cells.add(s.formatWithInterval(4));
                Map<String, Object> stat = new LinkedHashMap<>();
                stat.put("mean", s.n() > 0 ? s.mean() : null);
                stat.put("std", s.n() > 0 ? s.std() : null);
                stat.put("ci95_low", s.n() > 1 ? s.mean() - s.halfWidth95() : null);
                stat.put("ci95_high", s.n() > 1 ? s.mean() + s.halfWidth95() : null);
                stat.put("n", s.n());
                row.put(columns.get(k), stat);
            }
            groupRows.add(cells);
            groupJson.add(row);
        }
        List<String> runColumns = new ArrayList<>(List.of("run", "status"));
        runColumns.addAll(columns);
        List<String> groupColumns = new ArrayList<>(List.of("group", "runs"));
        groupColumns.addAll(columns);

        StringBuilder md = new StringBuilder("# " + title + "\n\n");
        intro.forEach(p -> md.append(p).append("\n\n"));
        markdownTable(md, runColumns, runRows);
        md.append("\n").append(GROUPS_TITLE).append(":\n\n");
        markdownTable(md, groupColumns, groupRows);
        Files.createDirectories(output);
        Files.writeString(output.resolve(MARKDOWN), md.toString());
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("experiment", name);
        all.put("runs", json);
        all.put("groups", groupJson);
        Files.writeString(output.resolve(JSON),
                new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(all));
        ComparisonPage.write(output.resolve(PAGE), title, String.join("\n", intro).replace("`", ""),
                List.of(EvalTable.of("Runs", runColumns, runRows, List.of(), NOTES),
                        EvalTable.of(GROUPS_TITLE, groupColumns, groupRows, List.of(), "")), pageRuns);
        return md.toString();
    }

    private static String status(ExperimentRunner.Outcome o) {
        String s = switch (o.status()) {
            case FINISHED, ALREADY_FINISHED -> "finished";
            case FAILED -> "failed: " + o.message();
            case UNFINISHED -> "unfinished" + (o.message() == null ? "" : ": " + o.message());
        };
        return s.replace("|", "/");
    }

    private static void markdownTable(StringBuilder md, List<String> columns, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", columns)).append(" |\n|").append("---|".repeat(columns.size()))
                .append("\n");
        for (List<String> r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
    }
}
