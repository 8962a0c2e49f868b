package clel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of run folders that lack pieces or hold damaged ones: notes in the page instead of a failure. The report of
 * a complete run folder is {@link FullRunReportTest}.
 */
class RunReportTest {

    @Test
    void onlyConfigGivesNotesNotFailure(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("r");
        FakeRun.config(run);
        ReportResult r = RunReport.write(run, tmp.resolve("out/page.html"));
        String page = Files.readString(tmp.resolve("out/page.html"));
        ReportPages.parse(page);
        ReportPages.assertSelfContained(page);
        assertEquals(0, r.embeddedImages());
        assertEquals(List.of(), r.curves());
        assertTrue(r.notes().contains("no metrics.jsonl yet: no training curves or losses"), r.notes().toString());
        assertTrue(r.notes().contains("no eval/ folder yet: no evaluation results"));
        assertTrue(r.notes().contains("no train.log in the run folder"));
        assertTrue(r.notes().contains("no samples/data.png (data grid)"));
        assertTrue(page.contains("<li>no eval/ folder yet: no evaluation results</li>"));
        assertTrue(page.contains("unknown (no readable metrics yet) of 200"));
        assertFalse(Files.exists(run.resolve("report")), "no curves without metrics");
    }

    @Test
    void emptyMetricsAndSingleLine(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("r");
        Files.createDirectories(run);
        Files.writeString(run.resolve("metrics.jsonl"), "");
        ReportResult r = RunReport.write(run, run.resolve("a.html"));
        assertTrue(r.notes().contains("metrics.jsonl: no readable lines yet"), r.notes().toString());
        assertTrue(r.notes().contains("no config.yaml in the run folder"));

        Files.writeString(run.resolve("metrics.jsonl"), FakeRun.line(5, 1, 1, 1, 1, 1, 1, 1e-4, 0.1, 0.25) + "\n");
        r = RunReport.write(run, run.resolve("a.html"));
        assertTrue(r.notes().contains("only one logged iteration: training curves need at least two"));
        String page = Files.readString(run.resolve("a.html"));
        ReportPages.parse(page);
        assertTrue(page.contains("<td>5 (last logged iteration)</td>"));
    }

    @Test
    void badEvalFilesAreNotedAndOthersStillShown(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("r");
        FakeRun.config(run);
        FakeRun.metrics(run);
        FakeRun.eval(run);
        Files.writeString(run.resolve("eval/broken.json"), "{\"title\": \"x\", \"table\": ");
        Files.writeString(run.resolve("eval/notitle.json"), "{\"table\": {\"columns\": [\"a\"], \"rows\": []}}");
        Files.writeString(run.resolve("eval/escape.json"), "{\"title\": \"t\", \"images\": [\"../../outside.png\", "
                + "\"missing.png\", \"https://example.org/x.png\"], \"table\": {\"columns\": [\"a\", \"b\"], \"rows\": [[1]]}}");
        FakeRun.grid(tmp.resolve("outside.png"), 0f);
        ReportResult r = RunReport.write(run, run.resolve("report.html"));
        String page = Files.readString(run.resolve("report.html"));
        ReportPages.parse(page);
        ReportPages.assertSelfContained(page);
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("skipped " + run.resolve("eval/broken.json") + ": not valid JSON")),
                r.notes().toString());
        assertTrue(r.notes().contains("skipped " + run.resolve("eval/notitle.json") + ": \"title\" is missing or empty"));
        assertTrue(r.notes().contains("eval/escape.json: image '../../outside.png' not found inside the run folder"));
        assertTrue(r.notes().contains("eval/escape.json: image 'missing.png' not found inside the run folder"));
        assertTrue(r.notes().contains("eval/escape.json: image 'https://example.org/x.png' not found inside the run folder"));
        assertTrue(r.notes().contains("eval/escape.json: row 1 has 1 cells for 2 columns"));
        assertTrue(page.contains("<td>&lt;svhn&gt;</td>"), "the good table is still there");
        // curves (6), ROC and extra plot; no data or buffer grids in this folder
        assertEquals(8, r.embeddedImages());
    }

    @Test
    void filesOutsideTheRunAreNotShownAndLongLogLinesAreCut(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("r");
        FakeRun.config(run);
        FakeRun.metrics(run);
        Path secret = tmp.resolve("secret.png");
        FakeRun.grid(secret, 0.123f);
        String secretData = Base64.getEncoder().encodeToString(Files.readAllBytes(secret));
        Files.createDirectories(run.resolve("samples"));
        Files.createSymbolicLink(run.resolve("samples/data.png"), secret);
        Files.createDirectories(run.resolve("eval"));
        Files.createSymbolicLink(run.resolve("eval/outside.png"), secret);
        Files.writeString(run.resolve("train.log"), "first line\n" + "x".repeat(100_000) + "\nlast line\n");

        ReportResult r = RunReport.write(run, run.resolve("report.html"));
        String page = Files.readString(run.resolve("report.html"));
        ReportPages.parse(page);
        assertTrue(r.notes().contains("samples/data.png: a link to " + secret.toRealPath() + ", outside the run folder; "
                + "not shown"), r.notes().toString());
        assertTrue(r.notes().contains("eval/outside.png: a link to " + secret.toRealPath() + ", outside the run folder; "
                + "not shown"), r.notes().toString());
        assertFalse(page.contains(secretData), "the linked file's bytes are not in the page");
        assertTrue(page.contains("x".repeat(4096) + " ... (" + (100_000 - 4096) + " more characters)"), "cut line");
        assertFalse(page.contains("x".repeat(4097)));
        assertTrue(page.contains("last line"));
    }

    @Test
    void notARunFolder(@TempDir Path tmp) throws IOException {
        IOException e = assertThrows(IOException.class, () -> RunReport.write(tmp, tmp.resolve("x.html")));
        assertEquals(tmp + ": not a clel run folder (neither metrics.jsonl nor config.yaml in it)", e.getMessage());
        Path none = tmp.resolve("nope");
        e = assertThrows(IOException.class, () -> RunReport.write(none, tmp.resolve("x.html")));
        assertEquals(none + ": not a clel run folder (no such folder)", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x.html")));
        FakeRun.config(tmp);
        Files.createDirectories(tmp.resolve("dir.html"));
        e = assertThrows(IOException.class, () -> RunReport.write(tmp, tmp.resolve("dir.html")));
        assertTrue(e.getMessage().endsWith("dir.html: is a folder, expected the name of the HTML file to write"));
    }
}
