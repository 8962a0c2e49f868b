package clel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import clel.TestModels;
import clel.data.ShapesDataset;
import clel.training.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code clel} command in a JVM of its own with a small heap, as a user runs it on a file they were handed;
 * and what the regression tests of crafted files assert about its end: exit status 2 and one line naming the file.
 */
final class ClelProcess {
    /** The heap of a command that only has to read a small file and refuse it. */
    static final String SMALL_HEAP = "256m";

    private ClelProcess() {
    }

    /** How a command ended. */
    record Outcome(int code, String out, String err) {
        /** The "clel: error: ..." lines of standard error. */
        List<String> errorLines() {
            return Arrays.stream(err.split("\n")).filter(l -> l.startsWith("clel: error:")).toList();
        }
    }

    /** {@code clel ARGS} in a new JVM with {@code heap} (e.g. "256m"), working in {@code cwd}. */
    static Outcome run(Path cwd, String heap, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(cwd, "stdout", ".txt");
        Path err = Files.createTempFile(cwd, "stderr", ".txt");
        Process p = JavaCommand.current().withOptions(List.of("-Xmx" + heap))
                .processBuilder(Main.class.getName(), List.of(args)).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("clel " + String.join(" ", args) + " did not end");
        }
        Outcome o = new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return o;
    }

    /** Exit status 2, exactly one line "clel: error: ..." containing each of {@code parts}, no stack trace. */
    static String assertOneLineError(Outcome o, String... parts) {
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.errorLines().size(), o.err());
        assertFalse(o.err().contains("\tat ") || o.err().contains("Exception in thread"), o.err());
        String line = o.errorLines().get(0);
        for (String part : parts) {
            assertTrue(line.contains(part), "'" + part + "' in: " + line);
        }
        return line;
    }

    /** A run of one iteration of the micro model in {@code dir} (with {@code extra} overrides); its last.ckpt. */
    static Path trainOneIteration(Path dir, String... extra) throws IOException {
        Path ckpt = dir.resolve("last.ckpt");
        try (Trainer t = Trainer.start(TestModels.microRun(dir, extra), ShapesDataset.train(32, 1), dir,
                Device.cpu())) {
            t.step();
            t.save(ckpt);
        }
        return ckpt;
    }

    /** How many times train.log says the training started loading its data (once per training process). */
    static long starts(String log) {
        return log.lines().filter(l -> l.matches("\\S+ \\S+\\s+loading data set .*")).count();
    }
}
