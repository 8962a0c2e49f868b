package clel.recovery;

import java.util.OptionalLong;

/**
 * One crash of a supervised training process.
 *
 * @param cause       what ended it, in words ({@link ProcessExit#describe})
 * @param checkpoint  the iteration of the checkpoint a restart continues from; empty when the run has none yet (a
 *                    restart starts over)
 * @param reached     the last iteration the process logged before it died (at least the checkpoint's)
 * @param outOfMemory whether it was a Java OutOfMemoryError ({@link CrashReport#outOfMemory})
 */
public record Crash(String cause, OptionalLong checkpoint, long reached, boolean outOfMemory) {
    /** A crash other than an OutOfMemoryError. */
    public Crash(String cause, OptionalLong checkpoint, long reached) {
        this(cause, checkpoint, reached, false);
    }

    public Crash {
        if (reached < checkpoint.orElse(0)) {
            throw new IllegalArgumentException("crash: reached iteration " + reached + " is before the checkpoint's "
                    + checkpoint.getAsLong());
        }
    }

    /** The iteration a restart continues from (0 when it starts over). */
    public long resumesFrom() {
        return checkpoint.orElse(0);
    }
}
