package clel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-line errors of clel compare and clel experiment. */
class ExperimentCommandTest {
    @Test
    void mistakesAreOneLineErrors(@TempDir Path tmp) throws Exception {
        CliTest.Result r = CliTest.run("compare", tmp.resolve("nope").toString());
        assertEquals(2, r.code());
        assertEquals("clel: error: " + tmp.resolve("nope") + ": no such folder\n", r.err());
        Files.createDirectories(tmp.resolve("empty"));
        r = CliTest.run("compare", tmp.resolve("empty").toString(), "-o", tmp.resolve("cmp").toString());
        assertEquals(2, r.code());
        assertEquals("clel: error: " + tmp.resolve("empty") + ": not a clel run folder (no config.yaml)\n", r.err());
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "base: tiny\nevaluate:\n  compose: [red, large]\n");
        r = CliTest.run("experiment", bad.toString(), "--dry-run");
        assertEquals(2, r.code());
        assertEquals("clel: error: " + bad + ": evaluate.compose: 'red' names one attribute; a composition needs at least "
                + "two, e.g. red,large (several: [\"red,large\", \"blue,top_half\"])\n", r.err());
    }
}
