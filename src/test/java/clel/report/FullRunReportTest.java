package clel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The report of a run folder that holds everything ({@link FakeRun#full}), one part of the page per test. The report
 * is written once for all of them; they only read it.
 */
class FullRunReportTest {
    private static final List<String> CURVES = List.of("loss.png", "energy.png", "latent_cosine.png",
            "learning_rate_ebm.png", "learning_rate_encoder.png", "iteration_time.png");

    @TempDir
    static Path tmp;
    private static Path run;
    private static Path html;
    private static ReportResult result;
    private static String page;
    private static Document doc;

    @BeforeAll
    static void writeReport() throws Exception {
        run = FakeRun.full(tmp.resolve("run"));
        html = run.resolve("report.html");
        result = RunReport.write(run, html);
        page = Files.readString(html, StandardCharsets.UTF_8);
        doc = ReportPages.parse(page);
    }

    @Test
    void pageIsWrittenAtomicallyWithTheFolderPermissions() throws Exception {
        assertEquals(html, result.html());
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        try (Stream<Path> s = Files.list(run)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary files left");
        }
        // as readable as any new file in its folder, not the 0600 of a temporary file
        if (Files.getFileStore(run).supportsFileAttributeView("posix")) {
            Path probe = Files.createFile(run.resolve("probe"));
            assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(html));
        }
    }

    @Test
    void trainingCurvesAreWrittenToTheReportFolder() throws Exception {
        assertEquals(CURVES.stream().map(f -> run.resolve("report").resolve(f)).toList(), result.curves());
        for (Path p : result.curves()) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertEquals(800, img.getWidth(), p.toString());
            assertEquals(480, img.getHeight(), p.toString());
        }
    }

    @Test
    void everyImageIsEmbeddedAtItsSize() throws Exception {
        // 6 curves + data + latest and first buffer grid + ROC + unreferenced eval plot
        assertEquals(FakeRun.IMAGES, result.embeddedImages());
        assertEquals(FakeRun.IMAGES, ReportPages.count(page, "src=\"data:image/png;base64,"));
        ReportPages.assertSelfContained(page);
        NodeList imgs = doc.getElementsByTagName("img");
        assertEquals(FakeRun.IMAGES, imgs.getLength());
        for (int i = 0; i < imgs.getLength(); i++) {
            Element img = (Element) imgs.item(i);
            String src = img.getAttribute("src");
            byte[] png = Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1));
            BufferedImage bi = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(bi, "image " + i);
            int scale = "pixel".equals(img.getAttribute("class")) ? 4 : 1;
            assertEquals(bi.getWidth() * scale, Integer.parseInt(img.getAttribute("width")), img.getAttribute("alt"));
            assertEquals(bi.getHeight() * scale, Integer.parseInt(img.getAttribute("height")), img.getAttribute("alt"));
        }
    }

    @Test
    void sampleGridsAreEnlargedAndChartsAreNot() {
        NodeList imgs = doc.getElementsByTagName("img");
        // the sample grid of 4 images 8x8 with padding 2 in 2 columns is 22x22 pixels, shown 4x enlarged
        Element data = (Element) imgs.item(6);
        assertEquals("Training data (samples/data.png)", data.getAttribute("alt"));
        assertEquals("pixel", data.getAttribute("class"));
        assertEquals("88", data.getAttribute("width"));
        Element loss = (Element) imgs.item(0);
        assertEquals("Losses L_EBM (eq. 12) and L_LE (eq. 13)", loss.getAttribute("alt"));
        assertEquals("chart", loss.getAttribute("class"));
        assertEquals("800", loss.getAttribute("width"));
    }

    @Test
    void textFromFilesIsEscaped() {
        assertTrue(page.contains("<td>&lt;svhn&gt;</td>"), "eval table cell");
        assertTrue(page.contains("<td>cifar100 &amp; co</td>"));
        assertTrue(page.contains("<h3>OOD detection &lt;eq. 14&gt; &amp; AUROC</h3>"), "eval title");
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; done"), "train.log");
        assertTrue(page.contains("note: &quot;&lt;not markup&gt; &amp; friends&quot;"), "config.yaml");
        // the URL in the notes is text, not a link
        assertTrue(page.contains("see http://example.org/not-a-link for &quot;details&quot;"));
        List<String> cells = ReportPages.texts(doc, "td");
        assertTrue(cells.contains("<svhn>"), cells.toString());
        assertTrue(cells.contains("cifar100 & co"), cells.toString());
    }

    @Test
    void evalTablesShowNumbersRightAlignedAndNullAsEmpty() {
        assertTrue(page.contains("<td class=\"num\">0.9123</td>"));
        List<String> cells = ReportPages.texts(doc, "td");
        int uniform = cells.indexOf("uniform");
        assertTrue(uniform >= 0, cells.toString());
        assertEquals("", cells.get(uniform + 1));
    }

    @Test
    void malformedMetricsLineIsSkippedAndNamed() {
        assertTrue(page.contains("metrics.jsonl: skipped 1 malformed line: line 3 (not valid JSON"), page);
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("metrics.jsonl: skipped 1 malformed line: line 3 (")),
                result.notes().toString());
    }

    @Test
    void summaryShowsTheRunItsProgressSpeedAndCheckpoint() {
        Map<String, String> rows = summaryRows();
        assertEquals(run.toAbsolutePath().normalize().toString(), rows.get("Run folder"));
        assertEquals("shapes", rows.get("Data set"));
        assertEquals("tiny", rows.get("Model"));
        assertEquals("7", rows.get("Seed"));
        assertEquals("40 of 200 (20%) (last logged iteration)", rows.get("Iterations done"));
        // median of 0.4, 0.45, 0.5, 0.6 s = 0.475 s, 1/0.475 = 2.105 it/s; mean 0.4875
        assertEquals("median 0.475 s (2.11 it/s), mean 0.488 s, over 4 logged iterations", rows.get("Time per iteration"));
        // 160 iterations left at 0.475 s = 76 s
        assertEquals("76.0 s at the median speed", rows.get("Estimated time left"));
        // last.ckpt of 1234 bytes, with the time it was written
        assertTrue(rows.get("Checkpoint").matches("last\\.ckpt, 0\\.0 MB, written \\d{4}-\\d\\d-\\d\\d "
                + "\\d\\d:\\d\\d:\\d\\d \\S+"), rows.get("Checkpoint"));
        assertTrue(page.contains("<details><summary>config.yaml</summary>"));
    }

    @Test
    void lastLoggedIterationShowsNonFiniteValuesAsNull() {
        // iteration 40 logged loss and L_LE as null
        List<String> cells = ReportPages.texts(doc, "td");
        int lastRow = cells.indexOf("40");
        assertTrue(lastRow >= 0, cells.toString());
        assertEquals(List.of("40", "null", "0.2500", "null", "-0.4000", "0.05000", "0.3500", "4.000e-05", "0.02500",
                "0.6000"), cells.subList(lastRow, lastRow + 10));
    }

    @Test
    void captionsNameTheGridsAndPlots() {
        List<String> captions = ReportPages.texts(doc, "figcaption");
        assertTrue(captions.contains("Replay buffer x~ at iteration 40 (latest of 3 grids, buffer_000040.png)"),
                captions.toString());
        assertTrue(captions.contains("Replay buffer x~ at iteration 10 (first, buffer_000010.png)"), captions.toString());
        assertFalse(captions.stream().anyMatch(c -> c.contains("buffer_000020.png")), "only the first and the latest");
        assertTrue(captions.contains("Training data (samples/data.png)"), captions.toString());
        assertTrue(captions.contains("eval/ood_roc.png"), captions.toString());
        assertTrue(captions.contains("eval/extra_hist.png"), captions.toString());
    }

    @Test
    void logShowsItsLastThirtyLines() {
        // 41 lines: 40 numbered ones and the line with markup
        String log = ReportPages.texts(doc, "pre").get(1);
        assertEquals(30, log.split("\n").length);
        assertFalse(log.contains("log line 011"));
        assertTrue(log.contains("log line 012"));
        assertTrue(log.contains("log line 040"));
        assertTrue(page.contains("Last 30 of 41 lines:"));
    }

    /** The rows of the summary table, heading to value. */
    private static Map<String, String> summaryRows() {
        Map<String, String> rows = new LinkedHashMap<>();
        NodeList tables = doc.getElementsByTagName("table");
        for (int i = 0; i < tables.getLength(); i++) {
            Element t = (Element) tables.item(i);
            if (!"kv".equals(t.getAttribute("class"))) {
                continue;
            }
            NodeList trs = t.getElementsByTagName("tr");
            for (int r = 0; r < trs.getLength(); r++) {
                Element tr = (Element) trs.item(r);
                rows.put(tr.getElementsByTagName("th").item(0).getTextContent(),
                        tr.getElementsByTagName("td").item(0).getTextContent());
            }
        }
        return rows;
    }
}
