package clel.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Option;

/** The Spark options every {@code clel spark} job shares: the master and how many partitions the work is cut into. */
final class SparkOptions {
    /** Task attempts in local mode before a job fails (Spark's default on a cluster, spark.task.maxFailures). */
    static final int LOCAL_ATTEMPTS = 4;
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\d+|\\*)])?");

    @Option(names = "--master", description = "Spark master, e.g. local[2] (default: the one spark-submit passes)")
    String master;

    @Option(names = "--partitions", description = "partitions the work is cut into (default: sample and ood one per shard "
            + "or image batch, which keeps tasks small; fd one per executor core, as each partition returns a D x D matrix)")
    Integer partitions;

    /** A Spark context for the job: {@code --master} if given, else spark-submit's; the UI off in local mode. */
    JavaSparkContext open(String app) {
        SparkConf conf = new SparkConf().setAppName("clel " + app);
        if (master != null) {
            conf.setMaster(withRetries(master));
        } else if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("no Spark master: give --master local[2] or run the job with spark-submit");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        return new JavaSparkContext(conf);
    }

    /** {@code --partitions}, by default {@code units} (e.g. one partition per shard or image batch). */
    int partitions(int units) {
        int p = partitions != null ? partitions : Math.max(1, units);
        if (p <= 0) {
            throw new IllegalArgumentException("--partitions must be positive, got " + p);
        }
        return p;
    }

    /**
     * {@code local[n]} becomes {@code local[n,4]}: plain local mode never retries a failed task, a cluster does
     * (spark.task.maxFailures = 4), and the jobs are meant to be tried locally as they run on a cluster.
     */
    static String withRetries(String master) {
        Matcher m = LOCAL.matcher(master.trim());
        if (!m.matches()) {
            return master;
        }
        String n = m.group(2) == null ? "1" : m.group(2);
        return "local[" + n + "," + LOCAL_ATTEMPTS + "]";
    }
}
