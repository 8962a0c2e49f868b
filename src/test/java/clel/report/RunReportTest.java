package clel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RunReportTest {

    @Test
    void fullRunFolder(@TempDir Path tmp) throws Exception {
        Path run = FakeRun.full(tmp.resolve("run"));
        Path html = run.resolve("report.html");
        ReportResult result = RunReport.write(run, html);

        assertTrue(Files.isRegularFile(html));
        assertEquals(html, result.html());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!DOCTYPE html>"));

        // images: 6 curves + data + latest and first buffer grid + ROC + unreferenced eval plot
        assertEquals(FakeRun.IMAGES, result.embeddedImages());
        assertEquals(FakeRun.IMAGES, ReportPages.count(page, "src=\"data:image/png;base64,"));
        assertEquals(6, result.curves().size());
        for (String f : List.of("loss.png", "energy.png", "latent_cosine.png", "learning_rate_ebm.png",
                "learning_rate_encoder.png", "iteration_time.png")) {
            Path p = run.resolve("report").resolve(f);
            assertTrue(result.curves().contains(p), f);
            BufferedImage img = ImageIO.read(p.toFile());
            assertEquals(800, img.getWidth(), f);
            assertEquals(480, img.getHeight(), f);
        }
        ReportPages.assertSelfContained(page);

        // escaped text from files
        assertTrue(page.contains("<td>&lt;svhn&gt;</td>"), "escaped cell");
        assertTrue(page.contains("<td>cifar100 &amp; co</td>"));
        assertTrue(page.contains("<td class=\"num\">0.9123</td>"));
        assertTrue(page.contains("<h3>OOD detection &lt;eq. 14&gt; &amp; AUROC</h3>"));
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; done"));
        assertTrue(page.contains("note: &quot;&lt;not markup&gt; &amp; friends&quot;"), "config.yaml escaped");
        assertTrue(page.contains("<details><summary>config.yaml</summary>"));
        // the URL in the notes is text, not a link
        assertTrue(page.contains("see http://example.org/not-a-link for &quot;details&quot;"));

        // the malformed metrics line is skipped and named
        assertTrue(page.contains("metrics.jsonl: skipped 1 malformed line: line 3 (not valid JSON"), page);
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("metrics.jsonl: skipped 1 malformed line: line 3 (")));

        Document doc = ReportPages.parse(page);
        List<String> cells = ReportPages.texts(doc, "td");
        assertTrue(cells.contains("<svhn>"));
        assertTrue(cells.contains("cifar100 & co"));
        assertTrue(cells.contains("40 of 200 (20%) (last logged iteration)"), cells.toString());
        assertTrue(cells.contains("shapes"));
        assertTrue(cells.contains("tiny"));
        // median of 0.4, 0.45, 0.5, 0.6 s = 0.475 s, 1/0.475 = 2.105 it/s; mean 0.4875
        assertTrue(cells.contains("median 0.475 s (2.11 it/s), mean 0.487 s, over 4 logged iterations")
                || cells.contains("median 0.475 s (2.11 it/s), mean 0.488 s, over 4 logged iterations"), cells.toString());
        // 160 iterations left at 0.475 s = 76 s
        assertTrue(cells.contains("76.0 s at the median speed"), cells.toString());
        assertTrue(cells.contains("last.ckpt, 0.0 MB, written ") || cells.stream().anyMatch(c -> c.startsWith("last.ckpt, 0.0 MB")));
        // last logged iteration 40: loss and L_LE were null
        int lastRow = cells.indexOf("40");
        assertTrue(lastRow >= 0);
        assertEquals(List.of("40", "null", "0.2500", "null", "-0.4000", "0.05000", "0.3500", "4.000e-05", "0.02500", "0.6000"),
                cells.subList(lastRow, lastRow + 10));
        // AUROC table: the null cell is empty
        int uniform = cells.indexOf("uniform");
        assertEquals("", cells.get(uniform + 1));

        // captions name the buffer grids' iterations
        List<String> captions = ReportPages.texts(doc, "figcaption");
        assertTrue(captions.contains("Replay buffer x~ at iteration 40 (latest of 3 grids, buffer_000040.png)"), captions.toString());
        assertTrue(captions.contains("Replay buffer x~ at iteration 10 (first, buffer_000010.png)"));
        assertTrue(captions.contains("Training data (samples/data.png)"));
        assertTrue(captions.contains("eval/ood_roc.png"));
        assertTrue(captions.contains("eval/extra_hist.png"));

        // every embedded image decodes to the file's size; sample grids are enlarged by an integer factor
        NodeList imgs = doc.getElementsByTagName("img");
        assertEquals(FakeRun.IMAGES, imgs.getLength());
        for (int i = 0; i < imgs.getLength(); i++) {
            Element img = (Element) imgs.item(i);
            String src = img.getAttribute("src");
            byte[] png = Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1));
            BufferedImage bi = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(bi, "image " + i);
            int w = Integer.parseInt(img.getAttribute("width"));
            int scale = "pixel".equals(img.getAttribute("class")) ? 4 : 1;
            assertEquals(bi.getWidth() * scale, w, img.getAttribute("alt"));
            assertEquals(bi.getHeight() * scale, Integer.parseInt(img.getAttribute("height")));
        }
        // the sample grid of 4 images 8x8 with padding 2 in 2 columns is 22x22 pixels, shown 4x enlarged
        Element data = (Element) imgs.item(6);
        assertEquals("Training data (samples/data.png)", data.getAttribute("alt"));
        assertEquals("pixel", data.getAttribute("class"));
        assertEquals("88", data.getAttribute("width"));
        Element loss = (Element) imgs.item(0);
        assertEquals("Losses L_EBM (eq. 12) and L_LE (eq. 13)", loss.getAttribute("alt"));
        assertEquals("chart", loss.getAttribute("class"));
        assertEquals("800", loss.getAttribute("width"));

        // the page is as readable as any new file in its folder (not the 0600 of a temporary file)
        if (Files.getFileStore(run).supportsFileAttributeView("posix")) {
            Path probe = Files.createFile(run.resolve("probe"));
            assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(html));
        }

        // the last 30 of 41 log lines
        String log = ReportPages.texts(doc, "pre").get(1);
        assertFalse(log.contains("log line 011"));
        assertTrue(log.contains("log line 012"));
        assertTrue(log.contains("log line 040"));
        assertEquals(30, log.split("\n").length);
        assertTrue(page.contains("Last 30 of 41 lines:"));

        // atomic write: no temporary files left
        try (Stream<Path> s = Files.list(run)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

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

    @Test
    void numberAndDurationFormats() {
        assertEquals("null", RunReport.number(Double.NaN));
        assertEquals("0", RunReport.number(0));
        assertEquals("0.2500", RunReport.number(0.25));
        assertEquals("-1235", RunReport.number(-1234.5));
        assertEquals("1.000e-05", RunReport.number(1e-5));
        assertEquals("0.500 s", RunReport.duration(0.5));
        assertEquals("2 min 05 s", RunReport.duration(125));
        assertEquals("1 h 01 min", RunReport.duration(3660));
    }
}
