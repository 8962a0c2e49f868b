package clel.cli;

import clel.config.ConfigException;
import clel.nn.KernelDefectException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns user mistakes (bad configuration, unreadable or corrupt files, invalid arguments) into a one-line
 * "clel: error: ..." message and exit code 2, and so does a failed host self-check ({@link KernelDefectException})
 * and an OutOfMemoryError ({@link #outOfMemory}: most often a file that declares more than it holds), and so does an
 * engine that did not start ({@link EngineStartError}: e.g. the CUDA build of libtorch that the launcher's --gpu asks
 * for could not be downloaded); anything else is a bug and keeps its stack trace.
 */
public final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    /** The exit status of every one-line error a user's file, argument or configuration causes. */
    public static final int EXIT_USER_ERROR = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) throws Exception {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof ConfigException || t instanceof IOException || t instanceof IllegalArgumentException
                || t instanceof KernelDefectException) {
            cl.getErr().println("clel: error: " + t.getMessage());
            return EXIT_USER_ERROR;
        }
        ai.djl.engine.EngineException engine = EngineStartError.find(t);
        if (engine != null) {
            cl.getErr().println("clel: error: " + EngineStartError.message(engine));
            return EXIT_USER_ERROR;
        }
        throw ex;
    }

    /**
     * The one line of an OutOfMemoryError, with what the command was reading when it ran out ({@link Activity}); the
     * exit status is 2, as for other errors a file causes.
     */
    static String outOfMemory(OutOfMemoryError e) {
        String what = e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage() + ")";
        return "clel: error: out of memory" + what + Activity.current().map(a -> " while reading " + a).orElse("")
                + ": a file that declares more than it holds, or a heap too small for the task (the launcher's "
                + "CLEL_HEAP, now " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB)";
    }
}
