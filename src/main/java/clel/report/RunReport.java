package clel.report;

import clel.io.AtomicFileWriter;
import clel.io.BoundedLines;
import clel.run.Metric;
import clel.run.MetricsRecord;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One self-contained HTML page about a training run folder (written by {@code clel.training.Trainer} and the
 * evaluation commands), readable offline: every image is embedded as a base64 data URI, the style sheet is
 * inline, there is no script and no reference to anything outside the page.
 * <p>
 * Sections: run summary (iterations done, time per iteration, last logged losses, config.yaml); training
 * curves drawn with {@link LinePlot} into RUN/report/*.png (L_EBM of eq. 12 and L_LE of eq. 13, E(x) against
 * E(x~), the latent cosine cos(g(f(x)), z), the two learning rates, iteration time); the data grid and the first
 * and latest replay-buffer grids; whenever the run folder holds them, the class-conditional and composition grids,
 * the OOD results with their ROC plots and the per-factor probe table in sections of their own
 * ({@link FeaturedEvaluations}); every other RUN/eval/*.json as a table with its images, and any other
 * RUN/eval/*.png; the end of train.log. Missing or damaged pieces become a line in the page's Notes section
 * instead of a failure. The markup is XHTML-compatible (it parses as XML), and all text from files is
 * escaped.
 */
public final class RunReport {
    /** Configuration file of a run. */
    public static final String CONFIG = RunFolder.CONFIG;
    /** Metrics file of a run (one JSON object per logged iteration). */
    public static final String METRICS = RunFolder.METRICS;
    /** Plain-text training log. */
    public static final String LOG = RunFolder.LOG;
    /** Folder of the training curves written by the report. */
    public static final String CURVES_DIR = RunFolder.REPORT_DIR;
    /** Lines of train.log shown. */
    static final int LOG_TAIL = 30;
    private static final int CURVE_WIDTH = 800;
    private static final int CURVE_HEIGHT = 480;
    private static final Pattern BUFFER_GRID = Pattern.compile("buffer_(\\d+)\\.png");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    /** The pages' style sheet (also {@link ComparisonPage}'s). */
    static final String STYLE = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:0 auto;"
                    + "max-width:1180px;padding:12px 24px 48px;color:#222;line-height:1.45;background:#fff}",
            "h1{font-size:1.6em;margin:0.4em 0 0.1em}",
            "h2{font-size:1.3em;border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:1.8em}",
            "h3{font-size:1.08em;margin:1.2em 0 0.3em}",
            "nav{margin:0.6em 0 1em}nav a{margin-right:1.2em;color:#1f5fa8}",
            "table{border-collapse:collapse;margin:6px 0 10px}",
            "th,td{border:1px solid #ccc;padding:3px 9px;text-align:left;vertical-align:top}",
            "th{background:#f2f2f2;font-weight:600}",
            "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}",
            ".scroll{overflow-x:auto}",
            ".grids{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}.grids figure{margin:0}",
            "table.kv th{min-width:12em}",
            ".plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:14px}",
            "img.chart{width:100%;height:auto;border:1px solid #ddd}",
            "figure{margin:6px 18px 12px 0;display:inline-block;vertical-align:top;max-width:100%}",
            ".plots figure{display:block;margin:0}",
            "figcaption{font-size:0.9em;color:#555;margin-top:3px}",
            "img.pixel{image-rendering:crisp-edges;image-rendering:pixelated;border:1px solid #ddd;max-width:100%;height:auto}",
            "pre{background:#f7f7f7;border:1px solid #ddd;padding:8px 10px;overflow-x:auto;font-size:0.84em;"
                    + "white-space:pre-wrap;word-break:break-all}",
            "details summary{cursor:pointer;color:#1f5fa8;margin:6px 0}",
            "ul.notes li{color:#8a4b00}",
            ".muted{color:#777}",
            ".evalnotes{white-space:pre-wrap}");

    private final Path runDir;
    private final List<String> notes = new ArrayList<>();
    private final List<Path> curveFiles = new ArrayList<>();
    private final RunFiles files;

    private RunReport(Path runDir) {
        this.runDir = runDir;
        this.files = new RunFiles(runDir, notes);
    }

    /**
     * Whether {@code dir} looks like a run folder: a folder holding metrics.jsonl or config.yaml.
     */
    public static boolean isRunFolder(Path dir) {
        return Files.isDirectory(dir)
                && (Files.isRegularFile(dir.resolve(METRICS)) || Files.isRegularFile(dir.resolve(CONFIG)));
    }

    /**
     * Writes the report of a run folder atomically (temporary file, then move) and the training curves to
     * {@code runDir/report/*.png}.
     *
     * @param runDir     run folder; must hold metrics.jsonl or config.yaml
     * @param outputHtml page to create or replace (its folder is created if missing)
     * @return what was written, with the notes shown in the page
     * @throws IOException if runDir is not a run folder ("RUN_DIR: not a clel run folder ...") or the page
     *                     cannot be written; damaged content inside the folder is reported in the page instead
     */
    public static ReportResult write(Path runDir, Path outputHtml) throws IOException {
        if (!Files.isDirectory(runDir)) {
            throw new IOException(runDir + ": not a clel run folder (no such folder)");
        }
        if (!isRunFolder(runDir)) {
            throw new IOException(runDir + ": not a clel run folder (neither " + METRICS + " nor " + CONFIG + " in it)");
        }
        if (Files.isDirectory(outputHtml)) {
            throw new IOException(outputHtml + ": is a folder, expected the name of the HTML file to write");
        }
        RunReport r = new RunReport(runDir.toAbsolutePath().normalize());
        byte[] page = r.render().getBytes(StandardCharsets.UTF_8);
        AtomicFileWriter.write(outputHtml, out -> out.write(page));
        return new ReportResult(outputHtml, r.curveFiles, r.files.embedded(), r.notes);
    }

    private String render() {
        // read everything first, collecting notes, then draw the page
        String configText = files.text(runDir.resolve(CONFIG), "no " + CONFIG + " in the run folder");
        Map<String, Object> config = parseConfig(configText);
        MetricsLog metrics = readMetrics();
        List<Figure> curves = metrics == null ? List.of() : drawCurves(metrics);
        Optional<Figure> dataGrid = samplesDataGrid();
        List<Figure> bufferGrids = bufferGrids();
        FeaturedEvaluations evals = FeaturedEvaluations.of(EvalFolder.read(runDir, files, notes));
        BoundedLines.Tail log = files.logTail(runDir.resolve(LOG), LOG_TAIL);

        HtmlPage h = new HtmlPage();
        h.open("head");
        h.empty("meta", "charset", "utf-8");
        h.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        h.element("title", "clel run report: " + runDir.getFileName());
        h.open("style").constant(STYLE + "\n" + FeaturedEvaluations.STYLE).close("style");
        h.close("head");
        h.open("body");
        h.element("h1", "clel run report: " + runDir.getFileName());
        h.open("p", "class", "muted").text(runDir + " \u2014 generated " + ZonedDateTime.now(ZoneId.systemDefault())
                .format(TIME)).close("p");
        h.open("nav");
        List<String[]> links = new ArrayList<>(List.of(new String[][] {{"#summary", "Summary"}, {"#notes", "Notes"},
            {"#curves", "Training curves"}, {"#samples", "Samples"}}));
        links.addAll(evals.links());
        links.addAll(List.of(new String[][] {{"#evaluations", "Evaluations"}, {"#log", "train.log"}}));
        for (String[] link : links) {
            if (!link[0].equals("#notes") || !notes.isEmpty()) {
                h.element("a", link[1], "href", link[0]);
            }
        }
        h.close("nav");

        renderSummary(h, configText, config, metrics);
        if (!notes.isEmpty()) {
            h.element("h2", "Notes", "id", "notes");
            h.open("ul", "class", "notes");
            for (String n : notes) {
                h.element("li", n);
            }
            h.close("ul");
        }

        h.element("h2", "Training curves", "id", "curves");
        if (curves.isEmpty()) {
            h.element("p", "No training curves (see Notes).", "class", "muted");
        } else {
            h.open("div", "class", "plots");
            curves.forEach(f -> figure(h, f));
            h.close("div");
            h.element("p", "Curve PNGs: " + runDir.resolve(CURVES_DIR), "class", "muted");
        }

        h.element("h2", "Samples", "id", "samples");
        if (dataGrid.isEmpty() && bufferGrids.isEmpty()) {
            h.element("p", "No sample grids (see Notes).", "class", "muted");
        }
        h.open("div", "class", "grids");
        dataGrid.ifPresent(f -> figure(h, f));
        bufferGrids.forEach(f -> figure(h, f));
        h.close("div");

        evals.render(h);
        renderEvals(h, evals.rest(), evals.otherPlots());
        renderLog(h, log);
        h.close("body");
        return h.finish();
    }

    // ------------------------------------------------------------------ summary

    private Map<String, Object> parseConfig(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            Object root = clel.config.SafeYaml.parse(text, CONFIG);
            if (root instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), v));
                return out;
            }
            notes.add(CONFIG + ": not a YAML mapping; shown as text only");
        } catch (RuntimeException e) {
            notes.add(CONFIG + ": not readable as YAML (" + firstLine(e.getMessage()) + "); shown as text only");
        }
        return Map.of();
    }

    private static Object configValue(Map<String, Object> config, String... path) {
        Object v = config;
        for (String key : path) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(key);
        }
        return v;
    }

    private void renderSummary(HtmlPage h, String configText, Map<String, Object> config, MetricsLog metrics) {
        h.element("h2", "Summary", "id", "summary");
        h.open("table", "class", "kv");
        row(h, "Run folder", runDir.toString());
        Object data = configValue(config, "data", "name");
        if (data != null) {
            row(h, "Data set", String.valueOf(data));
        }
        Object size = configValue(config, "model", "size");
        if (size != null) {
            row(h, "Model", String.valueOf(size));
        }
        Object seed = configValue(config, "seed");
        if (seed != null) {
            row(h, "Seed", String.valueOf(seed));
        }
        Object planned = configValue(config, "iterations");
        long total = planned instanceof Number n ? n.longValue() : -1;
        List<MetricsRecord> recs = metrics == null ? List.of() : metrics.records();
        MetricsRecord last = recs.isEmpty() ? null : recs.get(recs.size() - 1);
        if (last == null) {
            row(h, "Iterations done", "unknown (no readable metrics yet)" + (total > 0 ? " of " + total : ""));
        } else {
            String done = last.iteration() + (total > 0 ? String.format(Locale.ROOT, " of %d (%.0f%%)", total,
                    100.0 * last.iteration() / total) : "");
            row(h, "Iterations done", done + " (last logged iteration)");
        }
        double[] secs = recs.stream().mapToDouble(r -> r.get(Metric.SECONDS)).filter(s -> Double.isFinite(s) && s > 0)
                .sorted().toArray();
        if (secs.length > 0) {
            double median = secs.length % 2 == 1 ? secs[secs.length / 2]
                    : 0.5 * (secs[secs.length / 2 - 1] + secs[secs.length / 2]);
            double mean = Arrays.stream(secs).average().orElse(Double.NaN);
            row(h, "Time per iteration", String.format(Locale.ROOT,
                    "median %s (%.3g it/s), mean %s, over %d logged iterations", duration(median), 1 / median,
                    duration(mean), secs.length));
            if (last != null && total > last.iteration()) {
                row(h, "Estimated time left", duration(median * (total - last.iteration())) + " at the median speed");
            }
        } else {
            row(h, "Time per iteration", "unknown");
        }
        Path ckpt = new RunFolder(runDir).lastCheckpoint();
        if (Files.isRegularFile(ckpt)) {
            try {
                row(h, "Checkpoint", String.format(Locale.ROOT, "last.ckpt, %.1f MB, written %s",
                        Files.size(ckpt) / 1e6, ZonedDateTime.ofInstant(Files.getLastModifiedTime(ckpt).toInstant(),
                                ZoneId.systemDefault()).format(TIME)));
            } catch (IOException e) {
                row(h, "Checkpoint", "last.ckpt (unreadable: " + e.getMessage() + ")");
            }
        } else {
            row(h, "Checkpoint", "no last.ckpt yet");
        }
        h.close("table");

        if (last != null) {
            h.element("h3", "Last logged iteration");
            String[] head = {"iteration", "L_EBM + L_LE", "L_EBM (eq. 12)", "L_LE (eq. 13)", "E(x)", "E(x~)",
                "cos(g(f(x)), z)", "lr f, g", "lr h", "seconds"};
            double[] v = {last.get(Metric.LOSS), last.get(Metric.LOSS_EBM), last.get(Metric.LOSS_LE),
                last.get(Metric.ENERGY_DATA), last.get(Metric.ENERGY_SAMPLE),
                last.get(Metric.LATENT_COSINE), last.get(Metric.LR_EBM), last.get(Metric.LR_ENCODER), last.get(Metric.SECONDS)};
            h.open("div", "class", "scroll").open("table", "class", "metrics").open("tr");
            for (String s : head) {
                h.element("th", s);
            }
            h.close("tr").open("tr");
            h.element("td", String.valueOf(last.iteration()), "class", "num");
            for (double d : v) {
                h.element("td", number(d), "class", "num");
            }
            h.close("tr").close("table").close("div");
            h.element("p", "\"null\" marks a value that was not finite (written as null in " + METRICS + ").",
                    "class", "muted");
        }
        if (configText != null) {
            h.open("details");
            h.element("summary", CONFIG);
            h.element("pre", configText);
            h.close("details");
        }
    }

    private static void row(HtmlPage h, String key, String value) {
        h.open("tr").element("th", key).element("td", value).close("tr");
    }

    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e6 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "unknown";
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.3g s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    // ------------------------------------------------------------------ metrics and curves

    private MetricsLog readMetrics() {
        Path file = runDir.resolve(METRICS);
        if (!Files.isRegularFile(file)) {
            notes.add("no " + METRICS + " yet: no training curves or losses");
            return null;
        }
        MetricsLog log;
        try {
            if (files.outsideRun(file, notes)) {
                return null;
            }
            log = MetricsLog.read(file);
        } catch (IOException e) {
            notes.add(firstLine(e.getMessage()));
            return null;
        }
        if (!log.malformed().isEmpty()) {
            int n = log.malformed().size();
            StringBuilder b = new StringBuilder(METRICS + ": skipped " + n + " malformed line" + (n == 1 ? "" : "s") + ": ");
            int shown = Math.min(n, 10);
            for (int i = 0; i < shown; i++) {
                MalformedLine m = log.malformed().get(i);
                b.append(i > 0 ? "; " : "").append("line ").append(m.lineNumber()).append(" (").append(m.reason())
                        .append(')');
            }
            if (n > shown) {
                b.append("; and ").append(n - shown).append(" more");
            }
            notes.add(b.toString());
        }
        if (log.superseded() > 0) {
            notes.add(METRICS + ": " + log.superseded() + " line" + (log.superseded() == 1 ? " was" : "s were")
                    + " replaced by a later line for the same iteration (resumed run or divergence rollback)");
        }
        if (log.records().isEmpty()) {
            notes.add(METRICS + ": no readable lines yet");
        }
        return log;
    }

    private List<Figure> drawCurves(MetricsLog log) {
        List<MetricsRecord> r = log.records();
        if (r.isEmpty()) {
            return List.of();
        }
        if (r.size() < 2) {
            notes.add("only one logged iteration: training curves need at least two");
            return List.of();
        }
        List<Figure> out = new ArrayList<>();
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("L_EBM (eq. 12)", points(r, Metric.LOSS_EBM));
        s.put("L_LE (eq. 13)", points(r, Metric.LOSS_LE));
        s.put("L_EBM + L_LE", points(r, Metric.LOSS));
        curve(out, "loss.png", s, "Losses", "loss", "Losses L_EBM (eq. 12) and L_LE (eq. 13)");
        s = new LinkedHashMap<>();
        s.put("E(x), data", points(r, Metric.ENERGY_DATA));
        s.put("E(x~), SGLD samples", points(r, Metric.ENERGY_SAMPLE));
        curve(out, "energy.png", s, "Energies", "mean energy", "Mean energy of data E(x) and of samples E(x~)");
        s = new LinkedHashMap<>();
        s.put("cos(g(f(x)), z)", points(r, Metric.LATENT_COSINE));
        curve(out, "latent_cosine.png", s, "Latent cosine", "cosine similarity",
                "Mean cosine between the EBM direction g(f(x)) and the encoder latent z");
        // two charts: the rates differ by orders of magnitude
        s = new LinkedHashMap<>();
        s.put("Adam, f and g", points(r, Metric.LR_EBM));
        curve(out, "learning_rate_ebm.png", s, "Learning rate of the EBM", "learning rate",
                "Learning rate of f and g (Adam, linear warm-up)");
        s = new LinkedHashMap<>();
        s.put("SGD, h", points(r, Metric.LR_ENCODER));
        curve(out, "learning_rate_encoder.png", s, "Learning rate of the encoder", "learning rate",
                "Learning rate of h (SGD, cosine schedule)");
        s = new LinkedHashMap<>();
        s.put("seconds per iteration", points(r, Metric.SECONDS));
        curve(out, "iteration_time.png", s, "Iteration time", "seconds", "Wall time of the logged iterations");
        for (String field : measureFields(r)) {
            s = new LinkedHashMap<>();
            double[][] p = new double[r.size()][];
            for (int i = 0; i < p.length; i++) {
                p[i] = new double[] {r.get(i).iteration(), r.get(i).measure(field)};
            }
            s.put(field, p);
            curve(out, "measure_" + field.replaceAll("[^A-Za-z0-9_]", "_") + ".png", s, field, field,
                    "Step measure " + field + " (metrics.jsonl)");
        }
        return out;
    }

    /** The further step measures the records hold, in the order they first appear. */
    private static List<String> measureFields(List<MetricsRecord> r) {
        Set<String> fields = new LinkedHashSet<>();
        r.forEach(rec -> fields.addAll(rec.measures().keySet()));
        return List.copyOf(fields);
    }

    static double[][] points(List<MetricsRecord> r, Metric y) {
        double[][] p = new double[r.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {r.get(i).iteration(), r.get(i).get(y)};
        }
        return p;
    }

    private void curve(List<Figure> out, String fileName, Map<String, double[][]> series, String title,
            String yLabel, String caption) {
        boolean any = series.values().stream().flatMap(Arrays::stream).anyMatch(p -> Double.isFinite(p[1]));
        if (!any) {
            notes.add(METRICS + ": no finite values for the curve '" + title + "'");
            return;
        }
        Path file = runDir.resolve(CURVES_DIR).resolve(fileName);
        try {
            LinePlot.write(file, series, title, "iteration", yLabel, false, CURVE_WIDTH, CURVE_HEIGHT);
        } catch (IOException | RuntimeException e) {
            notes.add("could not draw " + file + ": " + firstLine(e.getMessage()));
            return;
        }
        curveFiles.add(file);
        embed(file, caption).ifPresent(out::add);
    }

    // ------------------------------------------------------------------ sample grids

    private Optional<Figure> samplesDataGrid() {
        Path data = new RunFolder(runDir).dataGrid();
        if (!Files.isRegularFile(data)) {
            notes.add("no samples/data.png (data grid)");
            return Optional.empty();
        }
        return embed(data, "Training data (samples/data.png)");
    }

    private List<Figure> bufferGrids() {
        TreeMap<Long, Path> grids = bufferGrids(new RunFolder(runDir).samples(), notes);
        if (grids.isEmpty()) {
            notes.add("no replay-buffer grids (samples/buffer_NNNNNN.png) yet");
            return List.of();
        }
        List<Figure> out = new ArrayList<>();
        long first = grids.firstKey();
        long latest = grids.lastKey();
        embed(grids.get(latest), "Replay buffer x~ at iteration " + latest + " (latest of " + grids.size() + " grids, "
                + grids.get(latest).getFileName() + ")").ifPresent(out::add);
        if (first != latest) {
            embed(grids.get(first), "Replay buffer x~ at iteration " + first + " (first, " + grids.get(first).getFileName()
                    + ")").ifPresent(out::add);
        }
        return out;
    }

    /**
     * The replay-buffer grids samples/buffer_NNNNNN.png of a run by iteration (empty when there are none); a folder
     * that cannot be listed is a line in {@code notes}.
     */
    static TreeMap<Long, Path> bufferGrids(Path dir, List<String> notes) {
        TreeMap<Long, Path> grids = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "buffer_*.png")) {
                for (Path p : ds) {
                    Matcher m = BUFFER_GRID.matcher(p.getFileName().toString());
                    if (m.matches() && m.group(1).length() < 18) {
                        grids.put(Long.parseLong(m.group(1)), p);
                    }
                }
            } catch (IOException e) {
                notes.add(dir + ": cannot list (" + e.getMessage() + ")");
            }
        }
        return grids;
    }

    // ------------------------------------------------------------------ evaluations

    /** The evaluation results that no featured section shows ({@link FeaturedEvaluations}). */
    private static void renderEvals(HtmlPage h, List<EvalFile> evals, List<Figure> other) {
        h.element("h2", "Evaluations", "id", "evaluations");
        if (evals.isEmpty() && other.isEmpty()) {
            h.element("p", "No further evaluation results (eval/*.json, eval/*.png).", "class", "muted");
            return;
        }
        for (EvalFile e : evals) {
            if (e.table() == null) {
                h.element("h3", e.fileName());
                h.element("p", "Could not be read: " + e.error(), "class", "muted");
                continue;
            }
            EvalTable t = e.table();
            h.element("h3", t.title());
            h.element("p", "eval/" + e.fileName(), "class", "muted");
            if (!t.notes().isEmpty()) {
                h.element("p", t.notes(), "class", "evalnotes");
            }
            if (t.hasTable()) {
                h.table(t.columns(), t.rows());
            } else {
                h.element("p", "(no table)", "class", "muted");
            }
            for (String p : e.problems()) {
                h.element("p", "Note: " + p, "class", "muted");
            }
            if (!e.figures().isEmpty()) {
                h.open("div", "class", "plots");
                e.figures().forEach(f -> figure(h, f));
                h.close("div");
            }
        }
        if (!other.isEmpty()) {
            h.element("h3", "Other plots in eval/");
            h.open("div", "class", "plots");
            other.forEach(f -> figure(h, f));
            h.close("div");
        }
    }

    // ------------------------------------------------------------------ train.log

    private static void renderLog(HtmlPage h, BoundedLines.Tail log) {
        h.element("h2", LOG, "id", "log");
        if (log == null) {
            h.element("p", "No " + LOG + " (see Notes).", "class", "muted");
            return;
        }
        if (log.total() == 0) {
            h.element("p", LOG + " is empty.", "class", "muted");
            return;
        }
        h.element("p", log.total() <= LOG_TAIL ? "All " + log.total() + " lines:"
                : "Last " + log.lines().size() + " of " + log.total() + " lines:", "class", "muted");
        h.element("pre", String.join("\n", log.lines()));
    }

    // ------------------------------------------------------------------ images

    private Optional<Figure> embed(Path file, String caption) {
        return embed(file, caption, notes);
    }

    /** Reads an image for embedding ({@link RunFiles#image}); a problem is added to {@code problems}. */
    private Optional<Figure> embed(Path file, String caption, List<String> problems) {
        return files.image(file, caption, problems);
    }

    /** A figure; sample grids enlarged to at most 560 pixels. */
    private static void figure(HtmlPage h, Figure f) {
        f.render(h, 560);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
