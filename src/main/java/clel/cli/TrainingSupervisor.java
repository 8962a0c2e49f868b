package clel.cli;

import clel.io.BoundedLines;
import clel.recovery.Crash;
import clel.recovery.CrashReport;
import clel.recovery.ProcessExit;
import clel.recovery.RestartDecision;
import clel.recovery.RestartPolicy;
import clel.recovery.RunFolderRepair;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs {@code clel train} in a child JVM and restarts it from RUN/last.ckpt when it crashes: killed by a signal such
 * as SIGSEGV, SIGABRT, SIGBUS or SIGKILL, or out of memory (the child runs with -XX:+CrashOnOutOfMemoryError and
 * writes its fatal error log into the run folder). Ordinary error exits (bad input, a divergence stop) and stops
 * by the user (SIGINT, SIGTERM) are passed on, not restarted, and neither is an OutOfMemoryError: a restart would
 * repeat them. Restarts follow {@link RestartPolicy}; each one, and each failure not restarted, is a line in train.log
 * and on the console. A crash before the run's first checkpoint starts the run over (its log lines are removed).
 * Ending the supervisor (Ctrl-C, SIGTERM) ends the child, and a child whose supervisor dies stops itself.
 */
final class TrainingSupervisor {
    /** Set in a child: the supervisor's process id. */
    static final String PID_PROPERTY = "clel.supervisor.pid";
    /** Set in a child: 0 for the first start, then 1, 2, ... for restarts. */
    static final String ATTEMPT_PROPERTY = "clel.supervisor.attempt";
    /** Longer than a training process takes to stop between two iterations (GracefulStop). */
    private static final long STOP_GRACE_SECONDS = 90;

    private final Path runDir;
    private final List<String> firstArgs;
    private final Function<Path, List<String>> resumeArgs;
    private final Path initialCheckpoint;
    private final int maxRestarts;
    private final JavaCommand java;
    private final ProcessBuilder.Redirect output;
    private final PrintWriter err;
    private volatile Process child;
    private volatile boolean stopping;

    /**
     * @param runDir            the run folder (train.log, last.ckpt, fatal error logs)
     * @param firstArgs         clel arguments of the first start ("train", ...)
     * @param resumeArgs        clel arguments that continue from a checkpoint
     * @param initialCheckpoint the checkpoint the first start resumes from (--resume), or null
     * @param maxRestarts       restarts allowed in all
     * @param java              the child JVM's command (options for supervision are added)
     * @param output            where the child's standard output and error go
     * @param err               the supervisor's own messages
     */
    TrainingSupervisor(Path runDir, List<String> firstArgs, Function<Path, List<String>> resumeArgs, Path initialCheckpoint,
                       int maxRestarts, JavaCommand java, ProcessBuilder.Redirect output, PrintWriter err) {
        this.runDir = runDir;
        this.firstArgs = List.copyOf(firstArgs);
        this.resumeArgs = resumeArgs;
        this.initialCheckpoint = initialCheckpoint;
        this.maxRestarts = maxRestarts;
        this.java = java;
        this.output = output;
        this.err = err;
    }

    /** Whether this JVM is a training process started by a supervisor. */
    static boolean isChild() {
        return System.getProperty(PID_PROPERTY) != null;
    }

    /** This child's attempt number (0 = first start). */
    static int attempt() {
        return Integer.getInteger(ATTEMPT_PROPERTY, 0);
    }

    /**
     * In a child: stop this process as soon as the supervisor is gone (e.g. killed with SIGKILL), the way a SIGTERM
     * does (at the end of the current iteration, see {@link GracefulStop}).
     */
    static void exitWhenSupervisorEnds() {
        long pid = Long.getLong(PID_PROPERTY, -1);
        Runnable stop = () -> {
            System.err.println("clel: the supervising process " + pid + " ended; stopping the training");
            System.exit(143);
        };
        ProcessHandle.of(pid).ifPresentOrElse(p -> p.onExit().thenRun(stop), stop);
    }

    /** Runs the training to its end; returns the last child's exit status. */
    int run() throws IOException, InterruptedException {
        Thread hook = new Thread(this::stopChild, "clel-stop-training");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return supervise();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private int supervise() throws IOException, InterruptedException {
        Object checkpointBefore = identity(runDir.resolve(RunFolder.LAST_CHECKPOINT));
        List<Crash> crashes = new ArrayList<>();
        List<String> args = firstArgs;
        for (int attempt = 0; ; attempt++) {
            ProcessExit exit = runChild(args, attempt);
            if (stopping) {
                return exit.code();
            }
            if (exit.kind() != ProcessExit.Kind.CRASHED) {
                var why = RestartPolicy.whyNotRestarted(exit);
                if (why.isPresent()) {
                    log("stopped: " + why.get(), false);
                    err.println("clel: " + why.get());
                    err.flush();
                }
                return exit.code();
            }
            Path checkpoint = resumableCheckpoint(checkpointBefore);
            OptionalLong from = checkpoint == null ? OptionalLong.empty() : OptionalLong.of(Checkpoint.iterationOf(checkpoint));
            long reached = Math.max(from.orElse(0), RunFolderRepair.lastIteration(new RunFolder(runDir).metrics()).orElse(0));
            String cause = exit.describe() + (exit.outOfMemory() ? lastActivity().map(a -> " while " + a).orElse("") : "");
            crashes.add(new Crash(cause, from, reached, exit.outOfMemory()));
            RestartDecision decision = RestartPolicy.decide(crashes, maxRestarts);
            if (!decision.restart()) {
                log("stopped: " + decision.message(), false);
                err.println("clel: error: " + decision.message());
                err.flush();
                // running out of memory is a user's error (a file that holds more than the heap, or a heap too small):
                // exit status 2 as for every one-line error; other crashes keep the child's status
                return exit.outOfMemory() ? UserErrorHandler.EXIT_USER_ERROR : exit.code();
            }
            log(decision.message(), true);
            if (checkpoint == null) {
                RunFolderRepair.dropLinesAfter(runDir, 0);
                args = firstArgs;
            } else {
                args = checkpoint.equals(initialCheckpoint) ? firstArgs : resumeArgs.apply(checkpoint);
            }
        }
    }

    private ProcessExit runChild(List<String> args, int attempt) throws IOException, InterruptedException {
        List<String> options = List.of("-XX:+CrashOnOutOfMemoryError", CrashReport.errorFileOption(runDir),
                "-D" + PID_PROPERTY + "=" + ProcessHandle.current().pid(), "-D" + ATTEMPT_PROPERTY + "=" + attempt);
        ProcessBuilder pb = java.withOptions(options).processBuilder(Main.class.getName(), args)
                .redirectInput(ProcessBuilder.Redirect.INHERIT).redirectOutput(output).redirectError(output);
        synchronized (this) {
            if (stopping) {
                return ProcessExit.of(130);
            }
            child = pb.start();
        }
        int code = child.waitFor();
        return new ProcessExit(code, CrashReport.find(runDir, child.pid()));
    }

    /**
     * The checkpoint to continue from: last.ckpt if this supervision's training wrote it, else the checkpoint the
     * first start resumed from, else null (a last.ckpt that was there before belongs to an earlier run).
     */
    private Path resumableCheckpoint(Object before) throws IOException {
        Path last = runDir.resolve(RunFolder.LAST_CHECKPOINT);
        Object now = identity(last);
        if (now != null && !now.equals(before)) {
            return last;
        }
        return initialCheckpoint;
    }

    /** What tells a file apart from the one that was there before an atomic replacement (inode and time), or null. */
    private static Object identity(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(Objects.requireNonNullElse(a.fileKey(), ""), a.lastModifiedTime(), a.size());
    }

    /** What the last line of train.log says the training was doing ("loading data set 'folder'"), if it has one. */
    private Optional<String> lastActivity() throws IOException {
        Path log = new RunFolder(runDir).log();
        if (!Files.isRegularFile(log)) {
            return Optional.empty();
        }
        return BoundedLines.last(log).map(l -> l.replaceFirst("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+", ""))
                .filter(l -> !l.isBlank());
    }

    /** A line in train.log, and on the console too when {@code echo}. */
    private void log(String message, boolean echo) throws IOException {
        try (ConsoleProgress log = new ConsoleProgress(runDir, echo ? err : new PrintWriter(Writer.nullWriter()))) {
            log.log(message);
        }
    }

    /** Shutdown hook: the user stopped the supervisor (Ctrl-C, SIGTERM); stop the training with it. */
    private void stopChild() {
        Process p;
        synchronized (this) {
            stopping = true;
            p = child;
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
