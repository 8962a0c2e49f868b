package clel.report;

import clel.io.AtomicFileWriter;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One self-contained HTML page about a training run folder (written by {@code clel.training.Trainer} and the
 * evaluation commands), readable offline: every image is embedded as a base64 data URI, the style sheet is
 * inline, there is no script and no reference to anything outside the page.
 * <p>
 * Its sections, each drawn by a class of its own: {@link SummarySection}, {@link NotesSection},
 * {@link TrainingCurves}, {@link SamplesSection}; whenever the run folder holds them, the class-conditional and
 * composition grids, the OOD results and the per-factor probe table ({@link FeaturedEvaluations});
 * {@link EvaluationsSection} for every other RUN/eval/*.json and *.png; {@link LogSection}. Everything is read
 * first, through {@link RunFiles}, so that missing or damaged pieces are all lines of the Notes section instead of
 * a failure. The markup is XHTML-compatible (it parses as XML), and all text from files is escaped.
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

    private final Path runDir;
    private final List<String> notes = new ArrayList<>();
    private final RunFiles files;
    private final SummarySection summary;
    private final TrainingCurves curves;
    private final SamplesSection samples;
    private final FeaturedEvaluations featured;
    private final EvaluationsSection evaluations;
    private final LogSection log;

    /** Reads the run folder and draws its curves, in the order their notes are listed. */
    private RunReport(Path runDir) {
        this.runDir = runDir;
        this.files = new RunFiles(runDir, notes);
        RunConfig config = RunConfig.read(runDir, files, notes);
        MetricsLog metrics = files.metrics(runDir.resolve(METRICS));
        this.summary = new SummarySection(runDir, config, metrics);
        this.curves = TrainingCurves.draw(runDir, metrics, files, notes);
        this.samples = SamplesSection.read(runDir, files, notes);
        this.featured = FeaturedEvaluations.of(EvalFolder.read(runDir, files, notes));
        this.evaluations = new EvaluationsSection(featured.rest(), featured.otherPlots());
        this.log = LogSection.read(runDir, files);
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
        return new ReportResult(outputHtml, r.curves.written(), r.files.embedded(), r.notes);
    }

    private String render() {
        String title = "clel run report: " + runDir.getFileName();
        HtmlPage h = new HtmlPage();
        h.head(title, StyleSheet.of(StyleSheet.PAGE, StyleSheet.FEATURED_EVALUATIONS));
        h.open("body");
        h.element("h1", title);
        h.element("p", runDir + " \u2014 generated " + PageTime.now(), "class", "muted");
        navigation(h);
        summary.render(h);
        NotesSection.render(h, notes);
        curves.render(h);
        samples.render(h);
        featured.render(h);
        evaluations.render(h);
        log.render(h);
        h.close("body");
        return h.finish();
    }

    /** Links to the sections present, in page order. */
    private void navigation(HtmlPage h) {
        List<String[]> links = new ArrayList<>();
        links.add(new String[] {"#" + SummarySection.ID, SummarySection.HEADING});
        if (!notes.isEmpty()) {
            links.add(new String[] {"#" + NotesSection.ID, NotesSection.HEADING});
        }
        links.add(new String[] {"#" + TrainingCurves.ID, TrainingCurves.HEADING});
        links.add(new String[] {"#" + SamplesSection.ID, SamplesSection.HEADING});
        links.addAll(featured.links());
        links.add(new String[] {"#" + EvaluationsSection.ID, EvaluationsSection.HEADING});
        links.add(new String[] {"#" + LogSection.ID, LogSection.HEADING});
        h.open("nav");
        for (String[] link : links) {
            h.element("a", link[1], "href", link[0]);
        }
        h.close("nav");
    }
}
