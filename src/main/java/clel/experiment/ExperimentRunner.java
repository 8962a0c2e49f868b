package clel.experiment;

import clel.config.ConfigLoader;
import clel.io.AtomicFileWriter;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Trains the runs of an {@link ExperimentPlan}, one at a time or several at once, resumably: a run whose last.ckpt has
 * reached its configured iterations is finished and not trained again; one with an earlier last.ckpt continues from
 * it; a run that fails is recorded in RUN/failed.txt with its error and the others go on (a later start tries it
 * again).
 */
public final class ExperimentRunner {
    /** What became of a run. */
    public enum Status {
        FINISHED, ALREADY_FINISHED, FAILED,
        /** Neither finished nor failed: stopped before its configured iterations (runs compared by hand). */
        UNFINISHED;

        /** Whether the run reached its configured iterations (its numbers count in the group means). */
        public boolean finished() {
            return this == FINISHED || this == ALREADY_FINISHED;
        }
    }

    /** @param message the failure's message (FAILED), how far the run got (UNFINISHED), else null */
    public record Outcome(ExperimentRun run, Status status, String message) {
    }

    /**
     * Trains one run into its folder: from scratch, or continuing from RUN/last.ckpt. Throws when the run fails. With
     * several runs at a time it is called from several threads at once.
     */
    @FunctionalInterface
    public interface Launcher {
        void train(ExperimentPlan plan, ExperimentRun run, boolean resume) throws Exception;
    }

    public static final String FAILED = "failed.txt";

    private ExperimentRunner() {
    }

    /**
     * The runs one after the other.
     *
     * @param progress one line per run as its state changes ("run 3/12 loss.beta=0,seed=0: training", ...); the line of
     *                 a finished run adds its time and an estimate of the time the remaining runs need
     */
    public static List<Outcome> run(ExperimentPlan plan, Launcher launcher, Consumer<String> progress) throws IOException {
        return run(plan, launcher, progress, 1);
    }

    /**
     * {@code parallel} runs at a time (in plan order as places become free); progress lines come one at a time.
     *
     * @return the outcomes in plan order
     */
    public static List<Outcome> run(ExperimentPlan plan, Launcher launcher, Consumer<String> progress, int parallel)
            throws IOException {
        return run(plan, launcher, progress, parallel, System::nanoTime);
    }

    /** As {@link #run(ExperimentPlan, Launcher, Consumer, int)} with the clock the estimates use, in nanoseconds. */
    static List<Outcome> run(ExperimentPlan plan, Launcher launcher, Consumer<String> progress, int parallel,
                             LongSupplier clock) throws IOException {
        if (parallel < 1) {
            throw new IllegalArgumentException("runs at a time must be at least 1, got " + parallel);
        }
        List<ExperimentRun> runs = plan.runs();
        long[] totals = new long[runs.size()];
        long[] reached = new long[runs.size()];
        long[] left = new long[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            ExperimentRun r = runs.get(i);
            totals[i] = ConfigLoader.load(plan.base(), r.overrides()).iterations();
            Path last = new RunFolder(r.folder()).lastCheckpoint();
            reached[i] = Files.exists(last) ? reachedIteration(last) : -1;
            left[i] = totals[i] - Math.max(0, reached[i]);
        }
        Outcome[] out = new Outcome[runs.size()];
        Consumer<String> say = line -> {
            synchronized (out) {
                progress.accept(line);
            }
        };
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ExperimentRun r = runs.get(i);
            if (reached[i] >= totals[i]) {
                say.accept(head(r, runs.size()) + "already finished (" + new RunFolder(r.folder()).lastCheckpoint() + ")");
                out[i] = new Outcome(r, Status.ALREADY_FINISHED, null);
            } else {
                todo.add(i);
            }
        }
        Estimate estimate = new Estimate(left, todo, parallel);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i : todo) {
            ExperimentRun r = runs.get(i);
            tasks.add(() -> {
                String head = head(r, runs.size());
                boolean resume = reached[i] > 0;
                say.accept(head + (resume ? "continuing from iteration " + reached[i] : "training") + " in " + r.folder());
                Path failed = r.folder().resolve(FAILED);
                long start = clock.getAsLong();
                estimate.started(i, start);
                try {
                    launcher.train(plan, r, resume);
                    Files.deleteIfExists(failed);
                    long now = clock.getAsLong();
                    String eta = estimate.finished(i, now - start, now);
                    say.accept(head + "finished in " + duration(now - start) + (eta.isEmpty() ? "" : "; about " + eta
                            + " left for the remaining runs (at this experiment's speed so far)"));
                    out[i] = new Outcome(r, Status.FINISHED, null);
                } catch (Exception e) {
                    estimate.failed(i);
                    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    Files.createDirectories(r.folder());
                    AtomicFileWriter.write(failed, s -> s.write((msg + "\n").getBytes(StandardCharsets.UTF_8)));
                    say.accept(head + "FAILED: " + msg + " (recorded in " + failed + "; the other runs go on)");
                    out[i] = new Outcome(r, Status.FAILED, msg);
                }
                return null;
            });
        }
        if (parallel == 1 || tasks.size() <= 1) {
            for (Callable<Void> t : tasks) {
                call(t);
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, tasks.size()), r -> {
                Thread t = new Thread(r, "clel-experiment-run");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Void>> futures = pool.invokeAll(tasks);
                for (Future<Void> f : futures) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        call(() -> {
                            throw e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
                        });
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while training the experiment's runs", e);
            } finally {
                pool.shutdownNow();
            }
        }
        return List.of(out);
    }

    private static String head(ExperimentRun r, int runs) {
        return "run " + r.index() + "/" + runs + " " + r.name() + ": ";
    }

    /** Runs a task, passing on its IOException or RuntimeException (the tasks throw nothing else). */
    private static void call(Callable<Void> task) throws IOException {
        try {
            task.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The time the remaining runs need, at the experiment's speed so far: the nanoseconds per iteration of the runs
     * trained (each at its share of the threads) times the iterations left, the runs in progress counted with what
     * is left of their expected time, divided by the runs that can train at once.
     */
    private static final class Estimate {
        private final long[] left;
        private final int parallel;
        private final Set<Integer> waiting = new HashSet<>();
        private final Map<Integer, Long> running = new HashMap<>();
        private long trainedIterations;
        private long trainedNanos;

        Estimate(long[] left, List<Integer> todo, int parallel) {
            this.left = left;
            this.parallel = parallel;
            waiting.addAll(todo);
        }

        synchronized void started(int run, long now) {
            waiting.remove(run);
            running.put(run, now);
        }

        synchronized void failed(int run) {
            running.remove(run);
        }

        /** Records a finished run; returns the estimate as h:mm:ss, "" when no run is left. */
        synchronized String finished(int run, long took, long now) {
            running.remove(run);
            trainedIterations += left[run];
            trainedNanos += took;
            int remaining = waiting.size() + running.size();
            if (remaining == 0 || trainedIterations == 0) {
                return "";
            }
            double perIteration = (double) trainedNanos / trainedIterations;
            double work = 0;
            for (int r : waiting) {
                work += left[r] * perIteration;
            }
            for (Map.Entry<Integer, Long> e : running.entrySet()) {
                work += Math.max(0, left[e.getKey()] * perIteration - (now - e.getValue()));
            }
            return duration((long) (work / Math.min(parallel, remaining)));
        }
    }
    /** h:mm:ss of a duration in nanoseconds. */
    static String duration(long nanos) {
        long s = Math.round(nanos / 1e9);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** The iteration a checkpoint reached; -1 when it cannot be read (the run then starts again). */
    private static long reachedIteration(Path checkpoint) {
        try {
            return Checkpoint.iterationOf(checkpoint);
        } catch (IOException e) {
            return -1;
        }
    }
}
