package clel.report;

import clel.run.Metric;
import clel.run.MetricsRecord;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run report's "Training curves" section: charts of metrics.jsonl drawn with {@link LinePlot} into RUN/report/*.png
 * and embedded in the page. L_EBM of eq. 12 and L_LE of eq. 13, E(x) against E(x~), the latent cosine
 * cos(g(f(x)), z), the two learning rates, the iteration time, and one chart per further step measure.
 */
final class TrainingCurves {
    static final String ID = "curves";
    static final String HEADING = "Training curves";
    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;

    private final Path dir;
    private final RunFiles files;
    private final List<String> notes;
    private final List<Figure> figures = new ArrayList<>();
    private final List<Path> written = new ArrayList<>();

    private TrainingCurves(Path dir, RunFiles files, List<String> notes) {
        this.dir = dir;
        this.files = files;
        this.notes = notes;
    }

    /**
     * Draws the curves of a run's metrics into RUN/report/; a curve that cannot be drawn is a line in {@code notes}.
     *
     * @param runDir  the run folder
     * @param metrics its metrics.jsonl, or null when there is none (then no curves)
     */
    static TrainingCurves draw(Path runDir, MetricsLog metrics, RunFiles files, List<String> notes) {
        TrainingCurves c = new TrainingCurves(runDir.resolve(RunFolder.REPORT_DIR), files, notes);
        if (metrics != null) {
            c.drawAll(metrics.records());
        }
        return c;
    }

    /** The PNGs written. */
    List<Path> written() {
        return written;
    }

    void render(HtmlPage h) {
        h.element("h2", HEADING, "id", ID);
        if (figures.isEmpty()) {
            h.element("p", "No training curves (see Notes).", "class", "muted");
            return;
        }
        h.open("div", "class", "plots");
        figures.forEach(f -> f.render(h, Figure.MAX_GRID_WIDTH));
        h.close("div");
        h.element("p", "Curve PNGs: " + dir, "class", "muted");
    }

    private void drawAll(List<MetricsRecord> r) {
        if (r.isEmpty()) {
            return;
        }
        if (r.size() < 2) {
            notes.add("only one logged iteration: training curves need at least two");
            return;
        }
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("L_EBM (eq. 12)", MetricsLog.points(r, Metric.LOSS_EBM));
        s.put("L_LE (eq. 13)", MetricsLog.points(r, Metric.LOSS_LE));
        s.put("L_EBM + L_LE", MetricsLog.points(r, Metric.LOSS));
        curve("loss.png", s, "Losses", "loss", "Losses L_EBM (eq. 12) and L_LE (eq. 13)");
        s = new LinkedHashMap<>();
        s.put("E(x), data", MetricsLog.points(r, Metric.ENERGY_DATA));
        s.put("E(x~), SGLD samples", MetricsLog.points(r, Metric.ENERGY_SAMPLE));
        curve("energy.png", s, "Energies", "mean energy", "Mean energy of data E(x) and of samples E(x~)");
        curve("latent_cosine.png", Map.of("cos(g(f(x)), z)", MetricsLog.points(r, Metric.LATENT_COSINE)),
                "Latent cosine", "cosine similarity", "Mean cosine between the EBM direction g(f(x)) and the encoder "
                + "latent z");
        // two charts: the rates differ by orders of magnitude
        curve("learning_rate_ebm.png", Map.of("Adam, f and g", MetricsLog.points(r, Metric.LR_EBM)),
                "Learning rate of the EBM", "learning rate", "Learning rate of f and g (Adam, linear warm-up)");
        curve("learning_rate_encoder.png", Map.of("SGD, h", MetricsLog.points(r, Metric.LR_ENCODER)),
                "Learning rate of the encoder", "learning rate", "Learning rate of h (SGD, cosine schedule)");
        curve("iteration_time.png", Map.of("seconds per iteration", MetricsLog.points(r, Metric.SECONDS)),
                "Iteration time", "seconds", "Wall time of the logged iterations");
        for (String field : measureFields(r)) {
            curve("measure_" + field.replaceAll("[^A-Za-z0-9_]", "_") + ".png",
                    Map.of(field, MetricsLog.measurePoints(r, field)), field, field,
                    "Step measure " + field + " (" + RunFolder.METRICS + ")");
        }
    }

    /** The further step measures the records hold, in the order they first appear. */
    private static List<String> measureFields(List<MetricsRecord> r) {
        Set<String> fields = new LinkedHashSet<>();
        r.forEach(rec -> fields.addAll(rec.measures().keySet()));
        return List.copyOf(fields);
    }

    private void curve(String fileName, Map<String, double[][]> series, String title, String yLabel,
            String caption) {
        boolean any = series.values().stream().flatMap(Arrays::stream).anyMatch(p -> Double.isFinite(p[1]));
        if (!any) {
            notes.add(RunFolder.METRICS + ": no finite values for the curve '" + title + "'");
            return;
        }
        Path file = dir.resolve(fileName);
        try {
            LinePlot.write(file, series, title, "iteration", yLabel, false, WIDTH, HEIGHT);
        } catch (IOException | RuntimeException e) {
            notes.add("could not draw " + file + ": " + FirstLine.of(e.getMessage()));
            return;
        }
        written.add(file);
        files.image(file, caption, notes).ifPresent(figures::add);
    }
}
