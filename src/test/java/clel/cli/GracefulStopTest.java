package clel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.TestModels;
import clel.recovery.CrashReport;
import clel.recovery.RunFolderRepair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training process sent SIGTERM stops between two iterations, not with a crash inside libtorch. */
class GracefulStopTest {

    @Test
    void sigtermStopsTheTrainingAtTheEndOfAnIteration(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of("train", "tiny"));
        args.addAll(TestModels.microOverrides(run, "iterations=100000", "log.checkpoint_every=1000"));
        args.addAll(List.of("--max-restarts", "0"));
        Process p = new ProcessBuilder(JavaCommand.current().withOptions(List.of(CrashReport.errorFileOption(dir)))
                .command(Main.class.getName(), args)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (RunFolderRepair.lastIteration(run.resolve("metrics.jsonl")).orElse(0) < 2 && p.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            p.destroy(); // SIGTERM, in the middle of an iteration (SGLD's backward passes take most of its time)
            assertTrue(p.waitFor(3, TimeUnit.MINUTES));
        } finally {
            p.destroyForcibly();
        }
        String console = Files.readString(dir.resolve("console.log"));
        assertEquals(143, p.exitValue(), console);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList(), console);
        }
        // the iteration it stopped after is complete (its metrics line would have come next)
        long logged = RunFolderRepair.lastIteration(run.resolve("metrics.jsonl")).orElse(0);
        String log = Files.readString(run.resolve("train.log"));
        assertTrue(log.contains("stopped at iteration " + (logged + 1) + " on request (Ctrl-C, SIGTERM or the end of the "
                + "supervising process); continue with --resume from the last checkpoint"), log);
    }
}
