package clel.training;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Notes in the run's log when iterations become much slower than they were at the start of this process, and when they
 * are back to normal, with the system's load average: a run's timings are then known not to come from an idle machine
 * (on 2 cores another process sharing the CPU makes each iteration several times slower). Nothing is changed in the
 * training; this observer only reads {@link StepMetrics#seconds()}.
 *
 * <p>The reference is the median time of iterations {@value #SKIP} + 1 to {@value #SKIP} + {@value #WINDOW} of this
 * process (the first ones include warming up); the current speed is the median of the latest {@value #WINDOW}.
 * A slowdown is reported when the current median exceeds {@value #FACTOR} times the reference, and its end when it falls
 * below the halfway point between the two, so that a speed near the threshold does not flood the log.
 */
public final class SlowdownNotice implements TrainingObserver {
    /** Iterations left out at the start of a process (class loading, allocator warm-up). */
    static final int SKIP = 5;
    /** Iterations per median. */
    static final int WINDOW = 20;
    /** How much slower than the reference counts as slowed down. */
    static final double FACTOR = 1.5;

    private final Consumer<String> log;
    private final ArrayDeque<Double> recent = new ArrayDeque<>();
    private int seen;
    private double reference = Double.NaN;
    private boolean slow;

    /** @param log told when the iterations slow down */
    public SlowdownNotice(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public void iterationEnded(Trainer trainer, StepMetrics metrics) {
        if (++seen <= SKIP || !(metrics.seconds() > 0)) {
            return;
        }
        recent.addLast(metrics.seconds());
        if (recent.size() > WINDOW) {
            recent.removeFirst();
        }
        if (recent.size() < WINDOW) {
            return;
        }
        double now = median(recent);
        if (Double.isNaN(reference)) {
            reference = now;
            return;
        }
        String message = change(slow, reference, now, trainer.iteration(), loadAverage(),
                Runtime.getRuntime().availableProcessors());
        if (message != null) {
            slow = !slow;
            log.accept(message);
        }
    }

    /**
     * The message for a change of state, or null when there is none.
     *
     * @param slow      whether a slowdown was reported and has not ended
     * @param reference median seconds per iteration at the start
     * @param now       median seconds per iteration of the latest window
     * @param iteration the iteration just completed
     * @param load      the system's load average over the last minute (negative where unknown)
     * @param cores     processors available to this process
     */
    static String change(boolean slow, double reference, double now, long iteration, double load, int cores) {
        String where = String.format(Locale.ROOT, "iteration %d: %.2f s per iteration against %.2f s at the start (%.1fx)",
                iteration, now, reference, now / reference);
        String loadText = load < 0 ? "" : String.format(Locale.ROOT, "; load average %.1f on %d cores", load, cores);
        if (!slow && now > FACTOR * reference) {
            return where + loadText + ": slower, other processes may share the CPU; timings from here on are not "
                    + "from an idle machine";
        }
        if (slow && now < (1 + FACTOR) / 2 * reference) {
            return where + loadText + ": back to the starting speed";
        }
        return null;
    }

    static double median(Collection<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
