package clel.recovery;

import java.util.List;

/**
 * When to restart a training process that crashed. A crash (see {@link ProcessExit.Kind#CRASHED}) is restarted from
 * the last checkpoint, up to a limit; a crash that repeats where the previous one happened is not: when the restart
 * continued from the same checkpoint as before and the process died again without getting further, the failure is
 * reproducible rather than transient and more restarts would only repeat it.
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
}
