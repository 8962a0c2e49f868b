package clel.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the three Java API examples as a user would, each through its {@code main}: training writes the checkpoint the
 * scoring and sampling examples then load. Each example checks its own results and throws when they are wrong.
 */
class ExamplesTest {

    @Test
    void theExamplesRunOnAMicroModel(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Path checkpoint = run.resolve("last.ckpt");
        timed("TrainFromJava", () -> TrainFromJava.main(new String[] {run.toString()}));
        timed("ScoreFolder", () -> ScoreFolder.main(new String[] {checkpoint.toString()}));
        Path samples = dir.resolve("samples");
        timed("SampleWithCondition",
                () -> SampleWithCondition.main(new String[] {checkpoint.toString(), samples.toString(), "5"}));
        assertTrue(Files.size(samples.resolve("classes.png")) > 0, "classes.png");
        assertTrue(Files.size(samples.resolve("red+large.png")) > 0, "red+large.png");
    }

    private interface Example {
        void run() throws Exception;
    }

    private static void timed(String name, Example example) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime();
        long cpu0 = os.getProcessCpuTime();
        example.run();
        System.out.printf(Locale.ROOT, "example %s: %.1f s wall, %.1f s CPU%n", name, (System.nanoTime() - t0) / 1e9,
                (os.getProcessCpuTime() - cpu0) / 1e9);
    }
}
