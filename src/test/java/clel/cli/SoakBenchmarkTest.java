package clel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import clel.recovery.ProcessExit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's verdict over its runs (the runs themselves are separate JVMs: see README). */
class SoakBenchmarkTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    private static SoakBenchmark.Run run(int number, int threads, int code, String digest) {
        return new SoakBenchmark.Run(number, threads, number % 2 == 0, 1.0, ProcessExit.of(code), List.of(), digest,
                code == 0 ? null : "CRASH");
    }

    private static String verdict(List<SoakBenchmark.Run> runs, int expectedStatus, List<Integer> threads) {
        StringWriter text = new StringWriter();
        SoakBenchmark soak = new SoakBenchmark(new SoakBenchmark.Settings(null, List.of(), runs.size(), 30, threads, 2, false,
                null, Path.of("unused"), "cpu"), new PrintWriter(text));
        assertEquals(expectedStatus, soak.summarize(runs), text.toString());
        return text.toString();
    }

    @Test
    void identicalCheckpointsAndNoCrashPass() {
        assertEquals("crashes: 0 of 2 runs\nfinal checkpoints: all 2 runs bit-identical (training state sha256 " + A + ")\n",
                verdict(List.of(run(1, 2, 0, A), run(2, 2, 0, A)), 0, List.of(2)));
    }

    @Test
    void eachThreadCountIsComparedOnItsOwn() {
        assertEquals("crashes: 0 of 4 runs\nfinal checkpoints: 2 different training states\n"
                        + "  with 1 thread: bit-identical, runs 1, 3 " + "a".repeat(16) + "\n"
                        + "  with 2 threads: bit-identical, runs 2, 4 " + "b".repeat(16) + "\n",
                verdict(List.of(run(1, 1, 0, A), run(2, 2, 0, B), run(3, 1, 0, A), run(4, 2, 0, B)), 0, List.of(1, 2)));
        String differ = verdict(List.of(run(1, 2, 0, A), run(2, 2, 0, B)), 1, List.of(2));
        assertEquals("  with 2 threads: NOT identical: runs 1 " + "a".repeat(16) + "; runs 2 " + "b".repeat(16) + "\n",
                differ.substring(differ.indexOf("  with")));
    }

    @Test
    void aCrashFailsTheSoak() {
        assertEquals("crashes: 1 of 2 runs\nfinal checkpoints: all 1 finished runs bit-identical (training state sha256 "
                + A + ")\n", verdict(List.of(run(1, 2, 0, A), run(2, 2, 134, null)), 1, List.of(2)));
    }
}
