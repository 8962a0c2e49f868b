package clel.cli;

import clel.config.DataConfig;
import clel.data.source.DataSources;
import java.io.IOException;
import java.util.Optional;

/**
 * What a command is reading at the moment ("data set 'mnist' from /data/mnist"), so that an OutOfMemoryError, which
 * names no file, can still be reported as the one line of a user error with the file that caused it
 * ({@link UserErrorHandler#outOfMemory}).
 */
final class Activity {
    private static volatile String current;

    private Activity() {
    }

    /** A step that reads files and may throw. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code step} as "reading {@code what}". When the step fails, the activity stays recorded for the error's
     * message; when it returns, the one before it is restored.
     */
    static <T> T reading(String what, Step<T> step) throws IOException {
        String before = current;
        current = what;
        T result = step.run();
        current = before;
        return result;
    }

    /** A split of a configured data set, read as "data set 'NAME' from ROOT". */
    static DataSources.Loaded loadData(DataConfig config, boolean train, int imageSize) throws IOException {
        String from = config.root() == null || config.root().isBlank() ? "" : " from " + config.root();
        return reading("data set '" + config.name() + "'" + from, () -> DataSources.loadWithWarnings(config, train,
                imageSize));
    }

    /** What is being read, if a command said so. */
    static Optional<String> current() {
        return Optional.ofNullable(current);
    }
}
