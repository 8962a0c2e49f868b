package clel.cli;

import clel.config.ConfigException;
import clel.nn.KernelDefectException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns user mistakes (bad configuration, unreadable or corrupt files, invalid arguments) into a one-line
 * "clel: error: ..." message and exit code 2, and so does a failed host self-check ({@link KernelDefectException});
 * anything else is a bug and keeps its stack trace.
 */
public final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) throws Exception {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof ConfigException || t instanceof IOException || t instanceof IllegalArgumentException
                || t instanceof KernelDefectException) {
            cl.getErr().println("clel: error: " + t.getMessage());
            return 2;
        }
        throw ex;
    }
}
