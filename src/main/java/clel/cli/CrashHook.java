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
 * completing iteration N(i+1); attempts beyond the list run normally. Only processes started by
 * {@link TrainingSupervisor} read the property.
 */
final class CrashHook implements TrainingListener {
    static final String PROPERTY = "clel.test.crash_at_iteration";
    private final TrainingListener delegate;
    private final long crashAt;

    private CrashHook(TrainingListener delegate, long crashAt) {
        this.delegate = delegate;
        this.crashAt = crashAt;
    }

    /** {@code listener}, crashing at this attempt's iteration when the hook is set; else {@code listener} itself. */
    static TrainingListener wrap(TrainingListener listener) {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isBlank() || !TrainingSupervisor.isChild()) {
            return listener;
        }
        List<Long> at = new ArrayList<>();
        for (String s : spec.split(",")) {
            try {
                at.add(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PROPERTY + ": expected iterations separated by commas, got '" + spec + "'");
            }
        }
        int attempt = TrainingSupervisor.attempt();
        return attempt < at.size() ? new CrashHook(listener, at.get(attempt)) : listener;
    }

    @Override
    public void onStart(long from, long to) {
        delegate.onStart(from, to);
    }

    @Override
    public void onStep(StepMetrics metrics) {
        delegate.onStep(metrics);
        if (metrics.iteration() == crashAt) {
            delegate.onMessage("test hook " + PROPERTY + ": crashing with SIGSEGV at iteration " + crashAt);
            crash();
        }
    }

    @Override
    public void onMessage(String message) {
        delegate.onMessage(message);
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
