package clel.recovery;

import java.util.List;
import java.util.Optional;

/**
 * When to restart a training process that crashed. A crash (see {@link ProcessExit.Kind#CRASHED}) is restarted from
 * the last checkpoint, up to a limit; a failure that a restart would repeat is not:
 * <ul>
 *   <li>a crash that repeats where the previous one happened: the restart continued from the same checkpoint as
 *       before and the process died again without getting further;</li>
 *   <li>a Java OutOfMemoryError: a restart reads the same files into the same heap (a file that claims too much, or a
 *       heap too small for the run);</li>
 *   <li>an ordinary error exit ({@link #whyNotRestarted}): a one-line error (exit status 2: a bad file, argument or
 *       setting, such as an image that does not decode), a divergence stop, an exception.</li>
 * </ul>
 * Each decision comes with the line that says why, for train.log and the console.
 */
public final class RestartPolicy {
    private RestartPolicy() {
    }

    /**
     * The decision after the latest of {@code crashes} (all crashes of this supervision, oldest first).
     *
     * @param maxRestarts how many restarts are allowed in all
     */
    public static RestartDecision decide(List<Crash> crashes, int maxRestarts) {
        if (crashes.isEmpty()) {
            throw new IllegalArgumentException("no crash to decide on");
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("the restart limit must be >= 0, got " + maxRestarts);
        }
        int n = crashes.size();
        Crash last = crashes.get(n - 1);
        String died = "the training process died from " + last.cause() + " at iteration ~" + last.reached();
        if (last.outOfMemory()) {
            return new RestartDecision(false, died + "; not restarted: a restart would read the same files into the "
                    + "same heap and run out of memory again (a file that declares more than it holds, or a heap too "
                    + "small for the run: CLEL_HEAP)");
        }
        if (n >= 2) {
            Crash before = crashes.get(n - 2);
            if (before.checkpoint().equals(last.checkpoint()) && last.reached() <= before.reached()) {
                return new RestartDecision(false, died + ", again without getting past iteration ~" + before.reached()
                        + " after resuming from iteration " + last.resumesFrom() + "; the crash repeats at the same place, "
                        + "so the training is not restarted again (previous crash: " + before.cause() + ")");
            }
        }
        if (n > maxRestarts) {
            return new RestartDecision(false, died + "; not restarted: all " + maxRestarts + " restart"
                    + (maxRestarts == 1 ? "" : "s") + " allowed are used up");
        }
        String from = last.checkpoint().isPresent()
                ? "resuming from last.ckpt at iteration " + last.resumesFrom()
                : "starting over: no checkpoint of this run was written before the crash";
        return new RestartDecision(true, "restart " + n + " of " + maxRestarts + " after " + died + "; " + from);
    }

    /**
     * Why a training process that ended without crashing is not restarted, or empty when there is nothing to say (it
     * succeeded, or the user stopped it).
     */
    public static Optional<String> whyNotRestarted(ProcessExit exit) {
        if (exit.kind() != ProcessExit.Kind.FAILURE) {
            return Optional.empty();
        }
        String what = switch (exit.code()) {
            case 2 -> "stopped with a one-line error (exit status 2: a file, an argument or a setting is wrong, as its "
                    + "message says)";
            case 3 -> "stopped on a divergence (exit status 3)";
            default -> "ended with an error (" + exit.describe() + "), not a crash";
        };
        return Optional.of("the training process " + what + "; not restarted: a restart would meet the same failure");
    }
}
