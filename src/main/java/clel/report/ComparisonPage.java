package clel.report;

import clel.io.AtomicFileWriter;
import clel.run.Metric;
import clel.run.MetricsRecord;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One self-contained HTML page that compares training runs side by side (written by {@code clel experiment} and
 * {@code clel compare}): the result tables, every run's latest replay-buffer grid grouped by the runs' group (e.g. a
 * variant, whose runs differ only in their seed), the conditional-sample grids an experiment's evaluation wrote
 * (RUN/eval/experiment-*.png), and training curves of all runs overlaid: E(x) and E(x~) and the latent cosine from
 * metrics.jsonl, the buffer's FD from eval.jsonl. Runs of one group share a colour; a group's second and further runs
 * are dashed. The curves are also written as PNGs into a {@value #CURVES_DIR} folder next to the page. Like
 * {@link RunReport}, the page embeds every image as a data URI and has no script; missing or damaged pieces of a run
 * folder become lines in its Notes section.
 */
public final class ComparisonPage {
    /** Folder next to the page that receives the curves' PNGs. */
    public static final String CURVES_DIR = "curves";
    /** The grids an experiment's evaluation writes into RUN/eval/ (e.g. experiment-classes.png). */
    public static final String EVALUATION_GRID_PREFIX = "experiment-";
    private static final int CURVE_WIDTH = 800;
    private static final int CURVE_HEIGHT = 480;

    /**
     * A run on the page.
     *
     * @param name   its name in the tables and legends (unique on a page)
     * @param group  the group it belongs to ("" for none), e.g. its variant without the seed
     * @param folder its run folder
     */
    public record Run(String name, String group, Path folder) {
        public Run {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(folder, "folder");
        }
    }

    /** A chart: its file, title, axis label, and the values of a run it draws. */
    private record Curve(String file, String title, String yLabel, Function<Run, double[][]> points) {
    }

    private final List<Run> runs;
    private final Path curvesDir;
    private final List<String> notes = new ArrayList<>();
    private final List<Path> curveFiles = new ArrayList<>();
    private final Map<Path, List<MetricsRecord>> metrics = new LinkedHashMap<>();
    private final Map<Path, EvaluationLog> evaluations = new LinkedHashMap<>();
    private int embedded;

    private ComparisonPage(List<Run> runs, Path curvesDir) {
        this.runs = List.copyOf(runs);
        this.curvesDir = curvesDir;
    }

    /**
     * Writes the page atomically, and its curves into {@value #CURVES_DIR}/ next to it.
     *
     * @param html   the page to create or replace
     * @param title  its heading
     * @param intro  a paragraph under the heading (what was compared), "" for none
     * @param tables the result tables, shown first with their titles and notes
     * @param runs   the runs, in table order
     * @return the page, the curve files, the number of embedded images and the notes
     */
    public static ReportResult write(Path html, String title, String intro, List<EvalTable> tables, List<Run> runs)
            throws IOException {
        if (Files.isDirectory(html)) {
            throw new IOException(html + ": is a folder, expected the name of the HTML file to write");
        }
        Path dir = html.toAbsolutePath().getParent();
        ComparisonPage p = new ComparisonPage(runs, dir.resolve(CURVES_DIR));
        byte[] page = p.render(title, intro, tables).getBytes(StandardCharsets.UTF_8);
        AtomicFileWriter.write(html, out -> out.write(page));
        return new ReportResult(html, p.curveFiles, p.embedded, p.notes);
    }

    private String render(String title, String intro, List<EvalTable> tables) {
        runs.forEach(this::read);
        List<Figure> curves = drawCurves();
        Figure data = dataGrid();
        Map<String, List<Figure>> grids = new LinkedHashMap<>();
        Map<String, List<Figure>> evaluationGrids = new LinkedHashMap<>();
        for (Run r : runs) {
            latestBufferGrid(r).ifPresent(f -> grids.computeIfAbsent(r.group(), k -> new ArrayList<>()).add(f));
            evaluationGrids(r).forEach(f -> evaluationGrids.computeIfAbsent(r.group(), k -> new ArrayList<>()).add(f));
        }

        HtmlPage h = new HtmlPage();
        h.head(title, StyleSheet.of(StyleSheet.PAGE, StyleSheet.COMPARISON));
        h.open("body");
        h.element("h1", title);
        h.element("p", runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " \u2014 generated "
                + PageTime.now(), "class", "muted");
        if (!intro.isEmpty()) {
            h.element("p", intro, "class", "evalnotes");
        }
        h.open("nav");
        h.element("a", "Results", "href", "#results");
        if (!notes.isEmpty()) {
            h.element("a", NotesSection.HEADING, "href", "#" + NotesSection.ID);
        }
        h.element("a", "Samples", "href", "#samples");
        h.element("a", "Training curves", "href", "#curves");
        h.close("nav");

        h.element("h2", "Results", "id", "results");
        for (EvalTable t : tables) {
            h.element("h3", t.title());
            if (!t.notes().isEmpty()) {
                h.element("p", t.notes(), "class", "evalnotes");
            }
            h.table(t.columns(), t.rows());
        }
        NotesSection.render(h, notes);

        h.element("h2", "Samples", "id", "samples");
        h.element("p", "The latest replay-buffer grid of every run (samples/buffer_NNNNNN.png), by group.", "class",
                "muted");
        groups(h, grids);
        if (data != null) {
            h.element("h3", "Training data");
            h.open("div", "class", "grids");
            data.render(h, Figure.MAX_GRID_WIDTH);
            h.close("div");
        }
        if (!evaluationGrids.isEmpty()) {
            h.element("h3", "Samples drawn by the evaluation");
            h.element("p", "Conditional samples from noise that the experiment's evaluation judged (RUN/eval/"
                    + EVALUATION_GRID_PREFIX + "*.png).", "class", "muted");
            groups(h, evaluationGrids);
        }

        h.element("h2", "Training curves", "id", "curves");
        if (curves.isEmpty()) {
            h.element("p", "No training curves (see Notes).", "class", "muted");
        } else {
            h.element("p", "Runs of one group share a colour; its second and further runs are dashed.", "class", "muted");
            h.open("div", "class", "plots");
            curves.forEach(f -> f.render(h, Figure.MAX_GRID_WIDTH));
            h.close("div");
            h.element("p", "Curve PNGs: " + curvesDir, "class", "muted");
        }
        h.close("body");
        return h.finish();
    }

    /** The figures of each group under the group's name, side by side. */
    private static void groups(HtmlPage h, Map<String, List<Figure>> byGroup) {
        for (Map.Entry<String, List<Figure>> g : byGroup.entrySet()) {
            h.open("section", "class", "group");
            if (byGroup.size() > 1 || !g.getKey().isEmpty()) {
                h.element("h3", g.getKey().isEmpty() ? "(no group)" : g.getKey());
            }
            h.open("div", "class", "grids");
            g.getValue().forEach(f -> f.render(h, Figure.MAX_GRID_WIDTH));
            h.close("div");
            h.close("section");
        }
    }

    // ------------------------------------------------------------------ run folders

    private void read(Run r) {
        RunFolder f = new RunFolder(r.folder());
        List<MetricsRecord> recs = List.of();
        if (!Files.isRegularFile(f.metrics())) {
            notes.add(r.name() + ": no " + RunFolder.METRICS);
        } else {
            try {
                MetricsLog log = MetricsLog.read(f.metrics());
                recs = log.records();
                if (!log.malformed().isEmpty()) {
                    notes.add(r.name() + ": " + RunFolder.METRICS + ": skipped " + log.malformed().size()
                            + " malformed line(s)");
                }
            } catch (IOException e) {
                notes.add(r.name() + ": " + FirstLine.of(e.getMessage()));
            }
        }
        metrics.put(r.folder(), recs);
        EvaluationLog ev = new EvaluationLog(List.of(), 0);
        try {
            ev = EvaluationLog.read(f.evaluations());
            if (ev.malformed() > 0) {
                notes.add(r.name() + ": " + RunFolder.EVALUATIONS + ": skipped " + ev.malformed() + " malformed line(s)");
            }
        } catch (IOException e) {
            notes.add(r.name() + ": " + FirstLine.of(e.getMessage()));
        }
        evaluations.put(r.folder(), ev);
    }

    private Optional<Figure> latestBufferGrid(Run r) {
        TreeMap<Long, Path> grids = BufferGrids.in(new RunFolder(r.folder()).samples(), notes);
        if (grids.isEmpty()) {
            notes.add(r.name() + ": no replay-buffer grid (samples/buffer_NNNNNN.png)");
            return Optional.empty();
        }
        return embed(grids.lastEntry().getValue(), r.name() + ": iteration " + grids.lastKey());
    }

    /** The training-data grid of the first run that has one. */
    private Figure dataGrid() {
        for (Run r : runs) {
            Path p = new RunFolder(r.folder()).dataGrid();
            if (Files.isRegularFile(p)) {
                return embed(p, "Training data (" + r.name() + ", samples/data.png)").orElse(null);
            }
        }
        return null;
    }

    private List<Figure> evaluationGrids(Run r) {
        Path dir = r.folder().resolve(RunFolder.EVAL_DIR);
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, EVALUATION_GRID_PREFIX + "*.png")) {
                ds.forEach(files::add);
            } catch (IOException e) {
                notes.add(dir + ": cannot list (" + e.getMessage() + ")");
            }
        }
        files.sort(null);
        List<Figure> out = new ArrayList<>();
        for (Path p : files) {
            String what = p.getFileName().toString().replaceFirst("^" + EVALUATION_GRID_PREFIX, "").replaceFirst("\\.png$", "")
                    .replaceFirst("-", " ");
            embed(p, r.name() + ": " + what).ifPresent(out::add);
        }
        return out;
    }

    private Optional<Figure> embed(Path file, String caption) {
        Optional<Figure> f = Figure.read(file, caption, file.toString(), notes);
        if (f.isPresent()) {
            embedded++;
        }
        return f;
    }

    // ------------------------------------------------------------------ curves

    private List<Figure> drawCurves() {
        List<Curve> curves = List.of(
                new Curve("energy_data.png", "E(x), data", "mean energy of data",
                        r -> MetricsLog.points(metrics.get(r.folder()), Metric.ENERGY_DATA)),
                new Curve("energy_sample.png", "E(x~), SGLD samples", "mean energy of samples",
                        r -> MetricsLog.points(metrics.get(r.folder()), Metric.ENERGY_SAMPLE)),
                new Curve("latent_cosine.png", "Latent cosine cos(g(f(x)), z)", "cosine similarity",
                        r -> MetricsLog.points(metrics.get(r.folder()), Metric.LATENT_COSINE)),
                new Curve("fd.png", "FD of the replay buffer (eval.jsonl)", fdLabel(),
                        r -> evaluations.get(r.folder()).entries().stream()
                                .map(e -> new double[] {e.iteration(), e.value()}).toArray(double[][]::new)));
        Map<String, Integer> groupColor = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<LinePlot.Series> template = new ArrayList<>();
        for (Run r : runs) {
            int color = groupColor.computeIfAbsent(r.group(), g -> groupColor.size());
            int within = seen.merge(r.group(), 1, Integer::sum);
            template.add(new LinePlot.Series(r.name(), new double[0][], color, within > 1));
        }
        List<Figure> out = new ArrayList<>();
        for (Curve c : curves) {
            List<LinePlot.Series> series = new ArrayList<>();
            int finite = 0;
            for (int i = 0; i < runs.size(); i++) {
                double[][] p = c.points().apply(runs.get(i));
                for (double[] xy : p) {
                    if (Double.isFinite(xy[0]) && Double.isFinite(xy[1])) {
                        finite++;
                    }
                }
                LinePlot.Series t = template.get(i);
                series.add(new LinePlot.Series(t.name(), p, t.color(), t.dashed()));
            }
            if (finite == 0) {
                notes.add("no run has values for the curve '" + c.title() + "'");
                continue;
            }
            Path file = curvesDir.resolve(c.file());
            try {
                LinePlot.write(file, series, c.title(), "iteration", c.yLabel(), false, CURVE_WIDTH, CURVE_HEIGHT);
            } catch (IOException | RuntimeException e) {
                notes.add("could not draw " + file + ": " + FirstLine.of(e.getMessage()));
                continue;
            }
            curveFiles.add(file);
            embed(file, c.title()).ifPresent(out::add);
        }
        return out;
    }

    /** The FD axis label: the metric the runs logged when they agree, else "FD". */
    private String fdLabel() {
        List<String> names = evaluations.values().stream().flatMap(e -> e.entries().stream()).map(EvaluationLog.Entry::metric)
                .filter(m -> !m.isEmpty()).distinct().toList();
        return names.size() == 1 ? names.get(0) : "FD";
    }
}
