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
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Trains the runs of an {@link ExperimentPlan} one after the other, resumably: a run whose last.ckpt has reached its
 * configured iterations is finished and not trained again; one with an earlier last.ckpt continues from it; a run that
 * fails is recorded in RUN/failed.txt with its error and the others go on (a later start tries it again).
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

    /** Trains one run into its folder: from scratch, or continuing from RUN/last.ckpt. Throws when the run fails. */
    @FunctionalInterface
    public interface Launcher {
        void train(ExperimentPlan plan, ExperimentRun run, boolean resume) throws Exception;
    }

    public static final String FAILED = "failed.txt";

    private ExperimentRunner() {
    }

    /**
     * @param progress one line per run as its state changes ("run 3/12 loss.beta=0,seed=0: training", ...); the line of
     *                 a finished run adds its time and an estimate of the time the remaining runs need
     */
    public static List<Outcome> run(ExperimentPlan plan, Launcher launcher, Consumer<String> progress) throws IOException {
        return run(plan, launcher, progress, System::nanoTime);
    }

    /** As {@link #run(ExperimentPlan, Launcher, Consumer)} with the clock the estimates use, in nanoseconds. */
    static List<Outcome> run(ExperimentPlan plan, Launcher launcher, Consumer<String> progress, LongSupplier clock)
            throws IOException {
        List<ExperimentRun> runs = plan.runs();
        List<Outcome> out = new ArrayList<>();
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
        long trainedIterations = 0;
        long trainedNanos = 0;
        for (int i = 0; i < runs.size(); i++) {
            ExperimentRun r = runs.get(i);
            String head = "run " + r.index() + "/" + runs.size() + " " + r.name() + ": ";
            Path last = new RunFolder(r.folder()).lastCheckpoint();
            if (reached[i] >= totals[i]) {
                progress.accept(head + "already finished (" + last + ")");
                out.add(new Outcome(r, Status.ALREADY_FINISHED, null));
                continue;
            }
            boolean resume = reached[i] > 0;
            progress.accept(head + (resume ? "continuing from iteration " + reached[i] : "training") + " in " + r.folder());
            Path failed = r.folder().resolve(FAILED);
            long start = clock.getAsLong();
            try {
                launcher.train(plan, r, resume);
                Files.deleteIfExists(failed);
                long took = clock.getAsLong() - start;
                trainedIterations += left[i];
                trainedNanos += took;
                long remaining = java.util.Arrays.stream(left, i + 1, left.length).sum();
                progress.accept(head + "finished in " + duration(took) + (i + 1 < runs.size() && trainedIterations > 0
                        ? "; about " + duration((long) ((double) trainedNanos / trainedIterations * remaining))
                            + " left for the remaining runs (at this experiment's speed so far)" : ""));
                out.add(new Outcome(r, Status.FINISHED, null));
            } catch (Exception e) {
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                Files.createDirectories(r.folder());
                AtomicFileWriter.write(failed, s -> {
                    s.write((msg + "\n").getBytes(StandardCharsets.UTF_8));
                });
                progress.accept(head + "FAILED: " + msg + " (recorded in " + failed + "; the other runs go on)");
                out.add(new Outcome(r, Status.FAILED, msg));
            }
        }
        return out;
    }

    /** h:mm:ss of a duration in nanoseconds. */
    static String duration(long nanos) {
        long s = Math.round(nanos / 1e9);
        return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
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
