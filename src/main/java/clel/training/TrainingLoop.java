package clel.training;

import clel.config.DivergenceAction;
import clel.evaluation.BufferEvaluation;
import clel.evaluation.TrainingEvaluation;
import clel.recovery.LogTruncation;
import clel.recovery.RunFolderRepair;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link Trainer}'s iterations up to the configured total, with its side jobs as {@link IterationListener}s, and
 * handles divergence: a {@link DivergenceException} asking for a rollback restores last.ckpt (up to
 * guard.max_rollbacks times; the run then continues with different random draws), any other ends the run.
 * Before the first iteration it repairs what an interrupted earlier process left in the run folder.
 */
public final class TrainingLoop {
    private final Trainer trainer;
    private final RunFolder folder;
    private final TrainingListener progress;
    private final List<IterationListener> listeners;
    private int rollbacks;

    /**
     * A loop over the iterations of {@code trainer} with the given side jobs.
     *
     * @param trainer   the run's trainer
     * @param folder    the run folder
     * @param progress  told about the run's start, every step and notable events (the console)
     * @param listeners the side jobs, called in this order after every iteration
     */
    public TrainingLoop(Trainer trainer, RunFolder folder, TrainingListener progress, List<IterationListener> listeners) {
        this.trainer = trainer;
        this.folder = folder;
        this.progress = progress;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * The loop with the standard side jobs, one line each below, called in that order after every iteration. The buffer
     * evaluation with best.ckpt is there when {@code evaluation} is not null and eval.every &gt; 0; last.ckpt and the
     * kept checkpoints come after it, so that they carry the latest best score, and the release of freed native memory
     * last, so that it returns what the other jobs freed.
     *
     * @param trainer    the run's trainer
     * @param folder     the run folder
     * @param progress   told about the run's start, every step and notable events
     * @param evaluation the buffer evaluation, or null for none
     * @return the loop
     */
    public static TrainingLoop standard(Trainer trainer, RunFolder folder, TrainingListener progress,
                                        BufferEvaluation evaluation) {
        List<IterationListener> jobs = new ArrayList<>();
        jobs.add(new MetricsFileWriter(folder));
        jobs.add(new ResidentMemoryWriter(folder));
        jobs.add(new SampleGridWriter(folder));
        jobs.add(new SlowdownNotice(progress));
        if (evaluation != null && trainer.config().eval().every() > 0) {
            jobs.add(new BufferEvaluator(folder, evaluation, progress));
        }
        jobs.add(new CheckpointWriter(folder, progress));
        jobs.add(new NativeMemoryRelease(folder));
        return new TrainingLoop(trainer, folder, progress, jobs);
    }

    /**
     * Runs {@code trainer} to its configured iterations in the {@link #standard} loop. The buffer evaluation is
     * {@code evaluation} when given, else, when eval.every &gt; 0, the one the configuration describes
     * ({@link TrainingEvaluation}), opened for the run and closed after it.
     */
    static void runStandard(Trainer trainer, TrainingListener progress, BufferEvaluation evaluation) throws IOException {
        if (evaluation != null || trainer.config().eval().every() <= 0) {
            standard(trainer, trainer.folder(), progress, evaluation).run();
            return;
        }
        try (TrainingEvaluation configured = TrainingEvaluation.open(trainer.config(), trainer.data(),
                trainer.folder().root(), trainer.buffer().size(), trainer.device(), progress::onMessage)) {
            standard(trainer, trainer.folder(), progress, configured.evaluation()).run();
        }
    }

    /**
     * Runs until the configured number of iterations; a divergence that is not rolled back is thrown.
     *
     * @throws IOException when the run folder cannot be written or a rollback's checkpoint cannot be read
     */
    public void run() throws IOException {
        Files.createDirectories(folder.root());
        repairRunFolder();
        progress.onStart(trainer.iteration(), trainer.config().iterations());
        List<IterationListener> started = new ArrayList<>();
        try {
            for (IterationListener l : listeners) {
                l.started(trainer);
                started.add(l);
            }
            while (trainer.iteration() < trainer.config().iterations()) {
                StepMetrics m;
                try {
                    m = trainer.step();
                } catch (DivergenceException e) {
                    rollBack(e);
                    continue;
                }
                progress.onStep(m);
                for (IterationListener l : listeners) {
                    l.afterIteration(trainer, m);
                }
            }
        } finally {
            closeAll(started);
        }
    }

    private static void closeAll(List<IterationListener> started) throws IOException {
        IOException first = null;
        for (IterationListener l : started) {
            try {
                l.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Restores last.ckpt as guard.on_divergence=rollback asks, or rethrows {@code e}. */
    private void rollBack(DivergenceException e) throws IOException {
        if (e.action() != DivergenceAction.ROLLBACK) {
            throw e;
        }
        int max = trainer.config().guard().maxRollbacks();
        if (rollbacks >= max) {
            throw new DivergenceException(e.getMessage() + "; gave up after " + rollbacks + " rollbacks");
        }
        Path last = folder.lastCheckpoint();
        if (!Files.exists(last)) {
            throw new DivergenceException(e.getMessage() + "; no checkpoint to roll back to yet");
        }
        rollbacks++;
        trainer.rollBack(Checkpoint.read(last), last, rollbacks);
        progress.onMessage("divergence (" + e.getMessage() + "): rolled back to iteration " + trainer.iteration()
                + " (rollback " + rollbacks + " of " + max + ")");
    }

    /**
     * Undoes what an interrupted earlier process left in the run folder: temporary files of unfinished writes, and,
     * when continuing from iteration K &gt; 0, the log lines past K (written after the checkpoint the run resumes from;
     * this run writes them again).
     */
    private void repairRunFolder() throws IOException {
        Path root = folder.root();
        for (Path stale : RunFolderRepair.removeStaleTemporaries(root)) {
            progress.onMessage("removed " + root.relativize(stale) + ", left behind by a write that was interrupted");
        }
        long iteration = trainer.iteration();
        if (iteration == 0) {
            return;
        }
        for (LogTruncation t : RunFolderRepair.dropLinesAfter(root, iteration)) {
            if (t.changed()) {
                String lines = t.dropped() + " line" + (t.dropped() == 1 ? "" : "s") + " past iteration " + iteration
                        + " (written after the checkpoint; they are written again)";
                progress.onMessage(t.file().getFileName() + ": removed " + (!t.partialLine() ? lines
                        : t.dropped() == 0 ? "an unfinished last line" : lines + " and an unfinished last line"));
            }
        }
    }
}
