package clel.cli;

import clel.training.StepMetrics;
import clel.training.TrainingListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A test hook that makes a supervised training process crash on purpose, so that crash recovery can be tested and
 * demonstrated without waiting for a real crash. With the system property {@value #PROPERTY} = N1,N2,... the
 * training process of attempt i (0 = the first start, 1 = the first restart, ...) sends itself SIGSEGV right after
 * completing iteration N(i+1); written N:oom, it fills its Java heap instead, until the OutOfMemoryError ends it.
 * Attempts beyond the list run normally. Only processes started by {@link TrainingSupervisor} read the property.
 */
final class CrashHook implements TrainingListener {
    static final String PROPERTY = "clel.test.crash_at_iteration";
    private static final String OUT_OF_MEMORY = ":oom";
    private final TrainingListener delegate;
    private final long crashAt;
    private final boolean outOfMemory;

    private CrashHook(TrainingListener delegate, long crashAt, boolean outOfMemory) {
        this.delegate = delegate;
        this.crashAt = crashAt;
        this.outOfMemory = outOfMemory;
    }

    /** {@code listener}, crashing at this attempt's iteration when the hook is set; else {@code listener} itself. */
    static TrainingListener wrap(TrainingListener listener) {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isBlank() || !TrainingSupervisor.isChild()) {
            return listener;
        }
        List<String> at = List.of(spec.split(","));
        int attempt = TrainingSupervisor.attempt();
        if (attempt >= at.size()) {
            return listener;
        }
        String s = at.get(attempt).trim();
        boolean oom = s.endsWith(OUT_OF_MEMORY);
        try {
            return new CrashHook(listener, Long.parseLong(oom ? s.substring(0, s.length() - OUT_OF_MEMORY.length()) : s), oom);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + ": expected iterations (N or N:oom) separated by commas, got '"
                    + spec + "'");
        }
    }

    @Override
    public void onStart(long from, long to) {
        delegate.onStart(from, to);
    }

    @Override
    public void onStep(StepMetrics metrics) {
        delegate.onStep(metrics);
        if (metrics.iteration() == crashAt && outOfMemory) {
            delegate.onMessage("test hook " + PROPERTY + ": filling the Java heap at iteration " + crashAt);
            fillHeap();
        } else if (metrics.iteration() == crashAt) {
            delegate.onMessage("test hook " + PROPERTY + ": crashing with SIGSEGV at iteration " + crashAt);
            crash();
        }
    }

    @Override
    public void onMessage(String message) {
        delegate.onMessage(message);
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
