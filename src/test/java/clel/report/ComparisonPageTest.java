package clel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The comparison page: tables, every run's latest grid by group, overlaid curves, notes for missing pieces. */
class ComparisonPageTest {
    private static Path run(Path dir, float shift) throws Exception {
        FakeRun.config(dir);
        FakeRun.metrics(dir);
        FakeRun.grid(dir.resolve("samples/data.png"), 0f);
        FakeRun.grid(dir.resolve("samples/buffer_000020.png"), shift);
        FakeRun.grid(dir.resolve("samples/buffer_000040.png"), shift + 0.1f);
        Files.writeString(dir.resolve("eval.jsonl"), "{\"iteration\":20,\"metric\":\"FD-x\",\"value\":90.5,\"relative\":0.5}\n"
                + "not json\n{\"iteration\":40,\"metric\":\"FD-x\",\"value\":" + (40 + shift) + ",\"relative\":0.2}\n");
        return dir;
    }

    @Test
    void tablesGroupedGridsAndOverlaidCurves(@TempDir Path tmp) throws Exception {
        Path a0 = run(tmp.resolve("a0"), 0.1f);
        Path a1 = run(tmp.resolve("a1"), 0.2f);
        Path b0 = run(tmp.resolve("b0"), 0.3f);
        FakeRun.grid(b0.resolve("eval/experiment-classes.png"), 0.4f);
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        List<ComparisonPage.Run> runs = List.of(new ComparisonPage.Run("a,seed=0", "a", a0),
                new ComparisonPage.Run("a,seed=1", "a", a1), new ComparisonPage.Run("b,seed=0", "b <&>", b0),
                new ComparisonPage.Run("broken", "c", broken));
        EvalTable table = EvalTable.of("Runs", List.of("run", "FD"), List.of(List.of("a,seed=0", "40.1000"),
                List.of("group a", "40.1500 ± 0.0707")), List.of(), "FD: last evaluation");
        Path html = tmp.resolve("out/results.html");
        ReportResult r = ComparisonPage.write(html, "Experiment x", "base `tiny`", List.of(table), runs);

        String page = Files.readString(html);
        Document doc = ReportPages.parse(page);
        ReportPages.assertSelfContained(page);
        assertEquals(List.of("Experiment x"), ReportPages.texts(doc, "h1"));
        List<String> h3 = ReportPages.texts(doc, "h3");
        assertTrue(h3.containsAll(List.of("Runs", "a", "b <&>", "Training data", "Samples drawn by the evaluation")), h3.toString());
        // the latest grid of each run that has one, captioned with its iteration, and the evaluation's grid
        List<String> captions = ReportPages.texts(doc, "figcaption");
        assertTrue(captions.containsAll(List.of("a,seed=0: iteration 40", "a,seed=1: iteration 40", "b,seed=0: iteration 40",
                "b,seed=0: classes")), captions.toString());
        assertTrue(page.contains("<td class=\"num\">40.1500 ± 0.0707</td>"), "mean ± std cells align as numbers");
        // four charts, each with every run that has values
        assertEquals(4, r.curves().size());
        for (Path c : r.curves()) {
            assertTrue(c.startsWith(tmp.resolve("out/curves")), c.toString());
            BufferedImage img = ImageIO.read(c.toFile());
            assertEquals(800, img.getWidth());
        }
        // 3 latest grids + 1 evaluation grid + the data grid + 4 charts
        assertEquals(9, r.embeddedImages());
        assertEquals(9, ReportPages.count(page, "src=\"data:image/png;base64,"));
        assertTrue(r.notes().contains("broken: no metrics.jsonl"), r.notes().toString());
        assertTrue(r.notes().contains("broken: no replay-buffer grid (samples/buffer_NNNNNN.png)"), r.notes().toString());
        assertTrue(r.notes().contains("a,seed=0: metrics.jsonl: skipped 1 malformed line(s)"), r.notes().toString());
        assertTrue(r.notes().contains("a,seed=0: eval.jsonl: skipped 1 malformed line(s)"), r.notes().toString());
        assertTrue(ReportPages.texts(doc, "li").containsAll(r.notes()));
    }

    @Test
    void evaluationLogKeepsTheLaterLineOfAnIteration(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("eval.jsonl");
        Files.writeString(f, "{\"iteration\":20,\"metric\":\"FD-x\",\"value\":9,\"relative\":null}\n\n"
                + "{\"iteration\":10,\"value\":5}\n{\"iteration\":20,\"metric\":\"FD-x\",\"value\":7,\"relative\":0.1}\n"
                + "{\"iteration\":30}\n");
        EvaluationLog log = EvaluationLog.read(f);
        assertEquals(List.of(new EvaluationLog.Entry(10, "", 5, Double.NaN), new EvaluationLog.Entry(20, "FD-x", 7, 0.1)),
                log.entries());
        assertEquals(1, log.malformed(), "a line without a value");
        assertEquals(7, log.last().orElseThrow().value());
        assertTrue(EvaluationLog.read(tmp.resolve("none.jsonl")).entries().isEmpty());
    }
}
