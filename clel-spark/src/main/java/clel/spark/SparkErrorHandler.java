package clel.spark;

import clel.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.SparkException;
import picocli.CommandLine;

/**
 * One-line errors for {@code clel spark}: user mistakes (bad arguments, missing or corrupt files) exit with 2, a
 * Spark job that failed after its retries with 1 and the first line of Spark's reason (which names the task's
 * exception); anything else is a bug and keeps its stack trace.
 */
final class SparkErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) throws Exception {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof ConfigException || t instanceof IOException || t instanceof IllegalArgumentException) {
            cl.getErr().println("clel: error: " + t.getMessage());
            return 2;
        }
        if (t instanceof SparkException) {
            String msg = String.valueOf(t.getMessage());
            cl.getErr().println("clel: error: Spark job failed: " + msg.lines().findFirst().orElse(msg));
            return 1;
        }
        throw ex;
    }
}
