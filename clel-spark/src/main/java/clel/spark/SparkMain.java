package clel.spark;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code clel spark}: the distributed jobs, run with {@code spark-submit --class clel.spark.SparkMain} on a cluster
 * or with {@code ./clel spark JOB --master local[2] ...} on one machine.
 */
@Command(name = "clel spark", mixinStandardHelpOptions = true, version = "clel-spark 0.1.0",
        description = "Distributed sampling, Frechet-distance features and OOD scoring on Apache Spark.",
        subcommands = {SparkSampleCommand.class, SparkFdCommand.class, SparkOodCommand.class})
public final class SparkMain implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a job and returns the exit code (user mistakes: 2, with a one-line message). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with the one-line error handling of {@link #run}. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setExecutionExceptionHandler(new SparkErrorHandler());
        return cl;
    }
}
