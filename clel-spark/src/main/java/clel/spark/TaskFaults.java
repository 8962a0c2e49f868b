package clel.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Fault injection for testing Spark's task retries: with {@link #failFirstAttempt} set on the driver, the first
 * attempt of the task of that partition throws, and Spark retries it (a retry is attempt 1 or later). Jobs call
 * {@link #check()} at the start of each task. Uses a Spark local property, so it reaches the tasks of the jobs the
 * calling thread submits and nothing else.
 */
public final class TaskFaults {
    static final String PROPERTY = "clel.test.failFirstAttemptOfPartition";

    private TaskFaults() {
    }

    /** Makes the first attempt of partition {@code partition} fail in the jobs this thread submits next (-1: none). */
    public static void failFirstAttempt(JavaSparkContext sc, int partition) {
        sc.setLocalProperty(PROPERTY, partition < 0 ? null : Integer.toString(partition));
    }

    /** Throws in the first attempt of the partition chosen by {@link #failFirstAttempt}. */
    static void check() {
        TaskContext tc = TaskContext.get();
        String p = tc == null ? null : tc.getLocalProperty(PROPERTY);
        if (p != null && Integer.parseInt(p) == tc.partitionId() && tc.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure of partition " + p + ", attempt 0");
        }
    }
}
