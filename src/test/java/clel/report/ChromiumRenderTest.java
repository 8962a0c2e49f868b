package clel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a report (a run's, and the comparison page of an experiment) in headless Chromium (Debian package "chromium";
 * skipped when /usr/bin/chromium is absent),
 * takes a screenshot, and checks that the browser logged no console message for the page (a script error,
 * a blocked resource) and that the charts were drawn. First makes sure the check itself works: a page with a
 * script error must be caught.
 */
@Tag("slow")
class ChromiumRenderTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private record Render(int exitCode, List<String> stderr, Path screenshot) {
    }

    private static Render render(Path page, Path work, String name) throws IOException, InterruptedException {
        Path shot = work.resolve(name + ".png");
        Path profile = Files.createDirectories(work.resolve(name + "-profile"));
        Path err = work.resolve(name + ".stderr");
        ProcessBuilder pb = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--screenshot=" + shot, "--window-size=1200,3000", page.toUri().toString());
        pb.redirectOutput(work.resolve(name + ".stdout").toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s");
        }
        return new Render(p.exitValue(), Files.readAllLines(err, StandardCharsets.UTF_8), shot);
    }

    /**
     * Log lines about the page itself. Chromium in a container also logs unrelated errors (no D-Bus, no GPU),
     * so only console messages (logged as "...:CONSOLE:..." with --enable-logging) and load failures count.
     */
    private static List<String> pageProblems(List<String> stderr) {
        List<String> out = new ArrayList<>();
        for (String line : stderr) {
            if (line.contains(":CONSOLE") || line.contains("Uncaught") || line.contains("Not allowed to load")
                    || line.contains("net::ERR_") || line.contains("Refused to")) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void reportRendersWithoutConsoleErrors(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM);

        // the check must be able to see a broken page
        Path bad = tmp.resolve("bad.html");
        Files.writeString(bad, "<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction();</script></body></html>");
        Render broken = render(bad, tmp, "bad");
        assertEquals(0, broken.exitCode(), String.join("\n", broken.stderr()));
        assertTrue(pageProblems(broken.stderr()).stream().anyMatch(l -> l.contains("Uncaught ReferenceError")),
                "chromium no longer logs console errors this way:\n" + String.join("\n", broken.stderr()));

        Path run = FakeRun.full(tmp.resolve("run"));
        FakeRun.featured(run); // the conditional-sample, OOD and factor sections too
        Path html = RunReport.write(run, run.resolve("report.html")).html();
        Render r = render(html, tmp, "report");
        assertEquals(0, r.exitCode(), String.join("\n", r.stderr()));
        assertEquals(List.of(), pageProblems(r.stderr()));

        assertCurvesDrawn(r.screenshot());
        ReportPages.assertSelfContained(Files.readString(html));
    }

    /**
     * The experiment's page (clel experiment, clel compare): two groups of runs whose curves are overlaid in the
     * first two plot colours.
     */
    @Test
    void comparisonPageRendersWithoutConsoleErrors(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM);
        List<ComparisonPage.Run> runs = List.of(
                new ComparisonPage.Run("clel,seed=0", "clel", FakeRun.full(tmp.resolve("a0"))),
                new ComparisonPage.Run("clel,seed=1", "clel", FakeRun.full(tmp.resolve("a1"))),
                new ComparisonPage.Run("baseline,seed=0", "baseline", FakeRun.full(tmp.resolve("b0"))));
        // the baseline's curves apart from the others (JFreeChart draws the first series on top)
        Files.write(tmp.resolve("b0/metrics.jsonl"), List.of(FakeRun.line(10, 2, 1, 1, 0.4, 0.6, -0.2, 1e-5, 0.03, 0.5),
                FakeRun.line(20, 2, 1, 1, 0.5, 0.7, -0.1, 2e-5, 0.03, 0.5), FakeRun.line(30, 2, 1, 1, 0.45, 0.65, 0, 3e-5,
                        0.03, 0.5), FakeRun.line(40, 2, 1, 1, 0.6, 0.8, 0.05, 4e-5, 0.03, 0.5)));
        Path html = ComparisonPage.write(tmp.resolve("exp/results.html"), "Experiment x", "", List.of(EvalTable.of("Runs",
                List.of("run", "E(x)"), List.of(List.of("clel,seed=0", "0.5")), List.of(), "")), runs).html();
        Render r = render(html, tmp, "comparison");
        assertEquals(0, r.exitCode(), String.join("\n", r.stderr()));
        assertEquals(List.of(), pageProblems(r.stderr()));
        assertCurvesDrawn(r.screenshot());
        ReportPages.assertSelfContained(Files.readString(html));
    }

    /**
     * The curves were decoded and drawn: pixels of the first two plot colours (#1f77b4 blue, #ff7f0e orange); a page
     * whose images failed has none (the lines are thin and scaled down, so the counts are small).
     */
    private static void assertCurvesDrawn(Path screenshot) throws IOException {
        BufferedImage shot = ImageIO.read(screenshot.toFile());
        assertEquals(1200, shot.getWidth());
        assertEquals(3000, shot.getHeight());
        int blue = 0;
        int orange = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int rgb = shot.getRGB(x, y);
                blue += near(rgb, 0x1f, 0x77, 0xb4) ? 1 : 0;
                orange += near(rgb, 0xff, 0x7f, 0x0e) ? 1 : 0;
            }
        }
        assertTrue(blue > 60, "blue curve pixels: " + blue);
        assertTrue(orange > 20, "orange curve pixels: " + orange);
    }

    private static boolean near(int rgb, int r, int g, int b) {
        return Math.abs(((rgb >> 16) & 0xff) - r) < 16 && Math.abs(((rgb >> 8) & 0xff) - g) < 16
                && Math.abs((rgb & 0xff) - b) < 16;
    }
}
