package clel.report;

import clel.run.Metric;
import clel.run.MetricsRecord;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The run report's "Summary" section: what the run is (data set, model, seed), how far it got and how fast (iterations
 * done of those planned, time per iteration, estimated time left), its checkpoint, the losses of the last logged
 * iteration, and config.yaml as text.
 */
final class SummarySection {
    static final String ID = "summary";
    static final String HEADING = "Summary";

    private final Path runDir;
    private final RunConfig config;
    private final List<MetricsRecord> records;

    /**
     * @param runDir  the run folder
     * @param config  its config.yaml
     * @param metrics its metrics.jsonl, or null when there is none
     */
    SummarySection(Path runDir, RunConfig config, MetricsLog metrics) {
        this.runDir = runDir;
        this.config = config;
        this.records = metrics == null ? List.of() : metrics.records();
    }

    void render(HtmlPage h) {
        h.element("h2", HEADING, "id", ID);
        MetricsRecord last = records.isEmpty() ? null : records.get(records.size() - 1);
        h.open("table", "class", "kv");
        row(h, "Run folder", runDir.toString());
        configRow(h, "Data set", "data", "name");
        configRow(h, "Model", "model", "size");
        configRow(h, "Seed", "seed");
        long total = config.value("iterations") instanceof Number n ? n.longValue() : -1;
        progress(h, last, total);
        checkpoint(h);
        h.close("table");
        if (last != null) {
            lastIteration(h, last);
        }
        if (config.text() != null) {
            h.open("details");
            h.element("summary", RunFolder.CONFIG);
            h.element("pre", config.text());
            h.close("details");
        }
    }

    private void configRow(HtmlPage h, String key, String... path) {
        Object v = config.value(path);
        if (v != null) {
            row(h, key, String.valueOf(v));
        }
    }

    /** Iterations done of {@code total} (-1 when unknown), time per iteration, and the time left. */
    private void progress(HtmlPage h, MetricsRecord last, long total) {
        if (last == null) {
            row(h, "Iterations done", "unknown (no readable metrics yet)" + (total > 0 ? " of " + total : ""));
        } else {
            String done = last.iteration() + (total > 0 ? String.format(Locale.ROOT, " of %d (%.0f%%)", total,
                    100.0 * last.iteration() / total) : "");
            row(h, "Iterations done", done + " (last logged iteration)");
        }
        double[] secs = records.stream().mapToDouble(r -> r.get(Metric.SECONDS)).filter(s -> Double.isFinite(s) && s > 0)
                .sorted().toArray();
        if (secs.length == 0) {
            row(h, "Time per iteration", "unknown");
            return;
        }
        double median = secs.length % 2 == 1 ? secs[secs.length / 2]
                : 0.5 * (secs[secs.length / 2 - 1] + secs[secs.length / 2]);
        double mean = Arrays.stream(secs).average().orElse(Double.NaN);
        row(h, "Time per iteration", String.format(Locale.ROOT, "median %s (%.3g it/s), mean %s, over %d logged "
                + "iterations", duration(median), 1 / median, duration(mean), secs.length));
        if (last != null && total > last.iteration()) {
            row(h, "Estimated time left", duration(median * (total - last.iteration())) + " at the median speed");
        }
    }

    private void checkpoint(HtmlPage h) {
        Path ckpt = new RunFolder(runDir).lastCheckpoint();
        if (!Files.isRegularFile(ckpt)) {
            row(h, "Checkpoint", "no last.ckpt yet");
            return;
        }
        try {
            row(h, "Checkpoint", String.format(Locale.ROOT, "last.ckpt, %.1f MB, written %s", Files.size(ckpt) / 1e6,
                    PageTime.of(Files.getLastModifiedTime(ckpt).toInstant())));
        } catch (IOException e) {
            row(h, "Checkpoint", "last.ckpt (unreadable: " + e.getMessage() + ")");
        }
    }

    /** The losses, energies, cosine, learning rates and time of the last logged iteration. */
    private static void lastIteration(HtmlPage h, MetricsRecord last) {
        h.element("h3", "Last logged iteration");
        String[] head = {"iteration", "L_EBM + L_LE", "L_EBM (eq. 12)", "L_LE (eq. 13)", "E(x)", "E(x~)",
            "cos(g(f(x)), z)", "lr f, g", "lr h", "seconds"};
        Metric[] shown = {Metric.LOSS, Metric.LOSS_EBM, Metric.LOSS_LE, Metric.ENERGY_DATA, Metric.ENERGY_SAMPLE,
            Metric.LATENT_COSINE, Metric.LR_EBM, Metric.LR_ENCODER, Metric.SECONDS};
        h.open("div", "class", "scroll").open("table", "class", "metrics").open("tr");
        for (String s : head) {
            h.element("th", s);
        }
        h.close("tr").open("tr");
        h.element("td", String.valueOf(last.iteration()), "class", "num");
        for (Metric m : shown) {
            h.element("td", number(last.get(m)), "class", "num");
        }
        h.close("tr").close("table").close("div");
        h.element("p", "\"null\" marks a value that was not finite (written as null in " + RunFolder.METRICS + ").",
                "class", "muted");
    }

    private static void row(HtmlPage h, String key, String value) {
        h.open("tr").element("th", key).element("td", value).close("tr");
    }

    /** A value of metrics.jsonl in a table cell: four significant digits, "null" when not finite. */
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

    /** A duration in seconds, minutes or hours, whichever reads best. */
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
}
