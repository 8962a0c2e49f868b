package clel.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Loading a user's file (a checkpoint, a classifier file) so that running out of Java heap on it ends in one line naming
 * the file. Readers bound what a file may ask for before they allocate; what is left is a genuine file too large for the
 * heap (CLEL_HEAP), or a bound that is still too generous for it, and either way the user needs to know which file.
 */
public final class FileLoading {
    /** The body of a load. */
    @FunctionalInterface
    public interface Body<T> {
        /** Loads and returns the result. */
        T load() throws IOException;
    }

    private FileLoading() {
    }

    /**
     * Runs {@code body}; an {@link OutOfMemoryError} becomes an IOException naming {@code file}.
     *
     * @throws IOException from the body, or naming the file when the heap ran out while loading it
     */
    public static <T> T guard(Path file, Body<T> body) throws IOException {
        try {
            return body.load();
        } catch (OutOfMemoryError e) {
            throw new IOException(file + ": not enough memory to load it (" + e.getMessage() + "; the Java heap holds "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; for a genuine file raise CLEL_HEAP)");
        }
    }
}
