package clel.cli;

import clel.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns user mistakes (bad configuration, unreadable or corrupt files, invalid arguments) into a one-line
 * "clel: error: ..." message and exit code 2; anything else is a bug and keeps its stack trace.
 */
public final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) throws Exception {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof ConfigException || t instanceof IOException || t instanceof IllegalArgumentException) {
            cl.getErr().println("clel: error: " + t.getMessage());
            return 2;
        }
        throw ex;
    }
}
