package clel.spark;

import clel.cli.UserErrorHandler;
import java.io.UncheckedIOException;
import org.apache.spark.SparkException;
import picocli.CommandLine;

/**
 * One-line errors for {@code clel spark}: a Spark job that failed after its retries exits with 1 and the first line
 * of Spark's reason (which names the task's exception); user mistakes (bad arguments, missing or corrupt files) are
 * the core's {@link UserErrorHandler} (exit 2); anything else is a bug and keeps its stack trace.
 */
final class SparkErrorHandler implements CommandLine.IExecutionExceptionHandler {
    private final UserErrorHandler userErrors = new UserErrorHandler();

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) throws Exception {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof SparkException) {
            String msg = String.valueOf(t.getMessage());
            cl.getErr().println("clel: error: Spark job failed: " + msg.lines().findFirst().orElse(msg));
            return 1;
        }
        return userErrors.handleExecutionException(ex, cl, parseResult);
    }
}
