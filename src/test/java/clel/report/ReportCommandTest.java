package clel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.cli.ReportCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = new CommandLine(new ReportCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        // like clel.cli.UserErrorHandler: one line for user errors
        cl.setExecutionExceptionHandler((ex, c, pr) -> {
            c.getErr().println("clel: error: " + ex.getMessage());
            return 2;
        });
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesDefaultReportAndPrintsPath(@TempDir Path tmp) throws Exception {
        Path dir = FakeRun.full(tmp.resolve("run"));
        Run r = run(dir.toString());
        assertEquals(0, r.code(), r.err());
        Path expected = dir.resolve("report.html");
        assertEquals(expected + System.lineSeparator(), r.out());
        assertTrue(Files.isRegularFile(expected));
        // the fake run has one malformed metrics line
        assertEquals("1 note in the report (missing or damaged pieces of the run folder)" + System.lineSeparator(), r.err());
        String page = Files.readString(expected);
        assertEquals(FakeRun.IMAGES, ReportPages.count(page, "src=\"data:image/png;base64,"));
    }

    @Test
    void outputOption(@TempDir Path tmp) throws Exception {
        Path dir = FakeRun.full(tmp.resolve("run"));
        Path target = tmp.resolve("elsewhere/r.html");
        Run r = run(dir.toString(), "--output", target.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(target + System.lineSeparator(), r.out());
        assertTrue(Files.isRegularFile(target));
        assertTrue(!Files.exists(dir.resolve("report.html")));
    }

    @Test
    void notARunFolderIsOneLine(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Run r = run(empty.toString());
        assertEquals(2, r.code());
        assertEquals("clel: error: " + empty + ": not a clel run folder (no metrics.jsonl or config.yaml)"
                + System.lineSeparator(), r.err());
        Run missing = run(tmp.resolve("missing").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("missing: not a clel run folder"), missing.err());
        assertEquals("", missing.out());
    }

    @Test
    void runDirIsRequired() {
        Run r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required parameter: 'RUN_DIR'"), r.err());
    }
}
