package clel.cli;

import clel.training.StepMetrics;
import clel.training.Trainer;
import clel.training.TrainingObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A test hook that makes a supervised training process crash on purpose, so that crash recovery can be tested and
 * demonstrated without waiting for a real crash. With the system property {@value #PROPERTY} = N1,N2,... the
 * training process of attempt i (0 = the first start, 1 = the first restart, ...) sends itself SIGSEGV right after
 * completing iteration N(i+1); written N:oom, it fills its Java heap instead, until the OutOfMemoryError ends it.
 * Attempts beyond the list run normally. Only processes started by {@link TrainingSupervisor} read the property. The
 * hook is an observer of the training loop, added right after the console's, so that it crashes before the side jobs
 * record the iteration.
 */
final class CrashHook implements TrainingObserver {
    static final String PROPERTY = "clel.test.crash_at_iteration";
    private static final String OUT_OF_MEMORY = ":oom";
    private final Consumer<String> log;
    private final long crashAt;
    private final boolean outOfMemory;

    private CrashHook(Consumer<String> log, long crashAt, boolean outOfMemory) {
        this.log = log;
        this.crashAt = crashAt;
        this.outOfMemory = outOfMemory;
    }

    /**
     * The hook of this attempt, when the property asks for one; {@code log} is told before it crashes.
     */
    static Optional<TrainingObserver> forThisAttempt(Consumer<String> log) {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isBlank() || !TrainingSupervisor.isChild()) {
            return Optional.empty();
        }
        List<String> at = List.of(spec.split(","));
        int attempt = TrainingSupervisor.attempt();
        if (attempt >= at.size()) {
            return Optional.empty();
        }
        String s = at.get(attempt).trim();
        boolean oom = s.endsWith(OUT_OF_MEMORY);
        try {
            return Optional.of(new CrashHook(log,
                    Long.parseLong(oom ? s.substring(0, s.length() - OUT_OF_MEMORY.length()) : s), oom));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + ": expected iterations (N or N:oom) separated by commas, got '"
                    + spec + "'");
        }
    }

    @Override
    public void iterationEnded(Trainer trainer, StepMetrics metrics) {
        if (metrics.iteration() == crashAt && outOfMemory) {
            log.accept("test hook " + PROPERTY + ": filling the Java heap at iteration " + crashAt);
            fillHeap();
        } else if (metrics.iteration() == crashAt) {
            log.accept("test hook " + PROPERTY + ": crashing with SIGSEGV at iteration " + crashAt);
            crash();
        }
    }

    /** Allocates until the heap is full (the JVM then ends as -XX:+CrashOnOutOfMemoryError says). */
    private static void fillHeap() {
        List<long[]> hoard = new ArrayList<>();
        while (hoard.size() < Integer.MAX_VALUE) {
            hoard.add(new long[1 << 20]);
        }
    }

    /** Sends this process SIGSEGV (the JVM then writes its fatal error log and aborts), as a native fault would. */
    private static void crash() {
        try {
            new ProcessBuilder("kill", "-SEGV", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(30_000);
        } catch (IOException e) {
            // no kill command: end the way a crashed JVM does
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(134);
    }
}
