package clel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.TestModels;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code clel train} as a supervisor of a training process that crashes on purpose (the {@link CrashHook}): each test
 * starts two or three JVMs.
 */
class TrainingSupervisorTest {

    record Result(int code, String err, String childOutput, String trainLog) {
    }

    /**
     * Runs {@code clel train} on the micro configuration (checkpoints every 2 iterations) in {@code run}, the child
     * crashing at {@code crashes}.
     */
    static Result train(Path run, String crashes, String... more) throws IOException {
        return train(run, List.of(), crashes, more);
    }

    /** As {@link #train(Path, String, String...)}, the child JVM with {@code jvm} options besides. */
    static Result train(Path run, List<String> jvm, String crashes, String... more) throws IOException {
        TrainCommand cmd = new TrainCommand();
        Path childOutput = run.resolveSibling(run.getFileName() + "-child.log");
        cmd.childOutput = ProcessBuilder.Redirect.appendTo(childOutput.toFile());
        List<String> options = new ArrayList<>(jvm);
        options.add("-D" + CrashHook.PROPERTY + "=" + crashes);
        cmd.childJvmOptions = options;
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(cmd);
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        List<String> args = new ArrayList<>(List.of("tiny"));
        args.addAll(TestModels.microOverrides(run));
        args.addAll(List.of(more));
        int code = cl.execute(args.toArray(String[]::new));
        return new Result(code, err.toString(), Files.exists(childOutput) ? Files.readString(childOutput) : "",
                Files.exists(run.resolve("train.log")) ? Files.readString(run.resolve("train.log")) : "");
    }

    private static List<Long> iterations(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .map(l -> Long.parseLong(l.replaceAll("^\\{\"iteration\":(\\d+),.*$", "$1"))).toList();
    }

    private static long crashReports(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(f -> f.getFileName().toString().startsWith("hs_err_pid")).count();
        }
    }

    @Test
    void aCrashedTrainingProcessIsRestartedFromItsCheckpointAndEndsAsIfNothingHappened(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        Result r = train(run, "3", "iterations=4");
        assertEquals(0, r.code(), r.err() + r.childOutput());
        assertTrue(r.trainLog().contains("test hook clel.test.crash_at_iteration: crashing with SIGSEGV at iteration 3"), r.trainLog());
        assertTrue(r.trainLog().contains("restart 1 of 3 after the training process died from SIGSEGV (sent by kill) in "),
                r.trainLog());
        assertTrue(r.trainLog().contains(" at iteration ~2; resuming from last.ckpt at iteration 2"), r.trainLog());
        assertTrue(r.trainLog().contains("resumed from " + run.resolve("last.ckpt") + " at iteration 2"), r.trainLog());
        assertTrue(r.err().contains("restart 1 of 3"), r.err());
        assertEquals(1, crashReports(run));
        assertEquals(List.of(1L, 2L, 3L, 4L), iterations(run.resolve("metrics.jsonl")));

        // bit-identical to a run that never crashed (trained in this process)
        Path straight = dir.resolve("straight");
        Result s = train(straight, "", "iterations=4", "--max-restarts", "0");
        assertEquals(0, s.code(), s.err());
        assertEquals(Checkpoint.read(straight.resolve(RunFolder.LAST_CHECKPOINT)).stateDigest(),
                Checkpoint.read(run.resolve(RunFolder.LAST_CHECKPOINT)).stateDigest());
    }

    @Test
    void aCrashThatRepeatsAtTheSameIterationStopsWithAClearMessage(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        Result r = train(run, "3,3", "iterations=4");
        assertEquals(134, r.code(), r.err() + r.childOutput());
        String[] errLines = r.err().strip().split("\n");
        String last = errLines[errLines.length - 1];
        assertTrue(last.startsWith("clel: error: the training process died from SIGSEGV (sent by kill)"), last);
        assertTrue(last.contains("at iteration ~2, again without getting past iteration ~2 after resuming from iteration 2; "
                + "the crash repeats at the same place, so the training is not restarted again"), last);
        assertTrue(r.trainLog().contains("restart 1 of 3 "), r.trainLog());
        assertTrue(r.trainLog().contains("stopped: the training process died from SIGSEGV"), r.trainLog());
        assertEquals(2, crashReports(run));
        assertEquals(List.of(1L, 2L), iterations(run.resolve("metrics.jsonl")));
    }

    @Test
    void restartsStopAtTheLimit(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        Result r = train(run, "3,5", "iterations=6", "--max-restarts", "1", "log.checkpoint_every=1");
        assertEquals(134, r.code(), r.err() + r.childOutput());
        assertTrue(r.trainLog().contains("restart 1 of 1 after the training process died from SIGSEGV (sent by kill) in "),
                r.trainLog());
        assertTrue(r.err().strip().endsWith("at iteration ~4; not restarted: all 1 restart allowed are used up"), r.err());
        assertEquals(List.of(1L, 2L, 3L, 4L), iterations(run.resolve("metrics.jsonl")));
    }

    @Test
    void anOutOfMemoryErrorIsNotRestartedAndTheLogSaysWhy(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        Result r = train(run, List.of("-Xmx160m"), "2:oom", "iterations=4");
        assertEquals(2, r.code(), r.err() + r.childOutput());
        String why = "not restarted: a restart would read the same files into the same heap and run out of memory again";
        assertTrue(r.trainLog().contains("stopped: the training process died from out of memory (Java heap space)"),
                r.trainLog());
        assertTrue(r.trainLog().contains(" while test hook " + CrashHook.PROPERTY + ": filling the Java heap at iteration 2"),
                r.trainLog());
        assertTrue(r.trainLog().contains(why), r.trainLog());
        assertTrue(r.err().contains("clel: error: the training process died from out of memory") && r.err().contains(why),
                r.err());
        assertTrue(!r.trainLog().contains("restart 1"), r.trainLog());
        assertEquals(1, crashReports(run));
    }

    @Test
    void aOneLineErrorIsNotRestartedAndTheLogSaysWhy(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("images");
        Files.createDirectories(images.resolve("a"));
        Files.write(images.resolve("a").resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0});
        Path run = dir.resolve("run");
        Result r = train(run, "", "data.name=folder", "data.root=" + images);
        assertEquals(2, r.code(), r.err() + r.childOutput());
        String why = "the training process stopped with a one-line error (exit status 2: a file, an argument or a setting "
                + "is wrong, as its message says); not restarted: a restart would meet the same failure";
        assertTrue(r.childOutput().contains("clel: error: ") && r.childOutput().contains("broken.png"), r.childOutput());
        assertTrue(r.trainLog().contains("stopped: " + why), r.trainLog());
        assertTrue(r.err().contains("clel: " + why), r.err());
        assertEquals(1, r.trainLog().split("loading data set", -1).length - 1, "one start only: " + r.trainLog());
        assertEquals(0, crashReports(run));
    }
}
