package clel.training;

import ai.djl.ndarray.NDManager;
import clel.config.DivergenceAction;
import clel.evaluation.BufferEvaluation;
import clel.evaluation.TrainingEvaluation;
import clel.model.NetworkSelfCheck;
import clel.recovery.LogTruncation;
import clel.recovery.RunFolderRepair;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;

/**
 * Runs a {@link Trainer}'s iterations up to the configured total and tells its {@link TrainingObserver}s, in the order
 * they were added: the run's start, every phase of every step, every iteration's metrics, notable events and the end.
 * It handles divergence: a {@link DivergenceException} asking for a rollback restores last.ckpt (up to
 * guard.max_rollbacks times; the run then continues with different random draws), any other ends the run. Before the
 * first iteration it checks the host's convolution kernels ({@link NetworkSelfCheck}) and repairs what an interrupted
 * earlier process left in the run folder.
 *
 * <p>The side jobs of {@code clel train} are observers too ({@link #addStandardJobs}); a new side job is a
 * {@link TrainingObserver} of its own plus one line there (e.g. {@link SlowdownNotice}).
 */
public final class TrainingLoop {
    private final Trainer trainer;
    private final RunFolder folder;
    private final ObserverList observers = new ObserverList();
    /** The standard jobs' evaluator when it scores as the configuration describes; the loop opens that for the run. */
    private BufferEvaluator configuredEvaluator;
    private int rollbacks;

    /**
     * A loop over the iterations of {@code trainer} without observers yet.
     *
     * @param trainer the run's trainer; its run folder is where the loop repairs, and rolls back from, last.ckpt
     */
    public TrainingLoop(Trainer trainer) {
        this.trainer = trainer;
        this.folder = trainer.folder();
    }

    /**
     * The loop of {@code clel train}: {@code progress} first, then the {@link #addStandardJobs standard side jobs} with
     * the buffer evaluation the configuration describes.
     *
     * @param trainer  the run's trainer
     * @param progress told of the run's start, every iteration and notable events (e.g. the console)
     * @return the loop
     */
    public static TrainingLoop standard(Trainer trainer, TrainingObserver progress) {
        return new TrainingLoop(trainer).add(progress).addStandardJobs(null);
    }

    /**
     * Adds an observer, told after those added before it.
     *
     * @param observer the observer
     * @return this loop
     */
    public TrainingLoop add(TrainingObserver observer) {
        observers.add(observer);
        return this;
    }

    /**
     * Adds the side jobs of {@code clel train}, one line each below, told in that order after every iteration: the
     * metrics files, the memory log, the sample grids, the slowdown notice, the buffer evaluation with best.ckpt (when
     * eval.every &gt; 0), last.ckpt and the kept checkpoints (after the evaluation, so that they carry its latest best
     * score), and the release of freed native memory (last, so that it returns what the other jobs freed).
     *
     * @param evaluation the buffer evaluation; null for the one the configuration describes ({@link TrainingEvaluation}),
     *                   which {@link #run} opens before the run starts and closes after it
     * @return this loop
     */
    public TrainingLoop addStandardJobs(BufferEvaluation evaluation) {
        add(new MetricsFileWriter(folder));
        add(new ResidentMemoryWriter(folder));
        add(new SampleGridWriter(folder));
        add(new SlowdownNotice(this::message));
        DoubleSupplier best = trainer::bestEvaluationAtStart;
        if (trainer.config().eval().every() > 0) {
            BufferEvaluator evaluator = evaluation != null ? new BufferEvaluator(folder, evaluation, this::message)
                    : new BufferEvaluator(folder, this::message);
            configuredEvaluator = evaluation != null ? null : evaluator;
            add(evaluator);
            best = evaluator::best;
        }
        add(new CheckpointWriter(folder, best, this::message));
        add(new NativeMemoryRelease(folder));
        return this;
    }

    /**
     * Tells every observer a notable event (the side jobs' messages come through here).
     *
     * @param message the event, in one line
     */
    public void message(String message) {
        observers.message(message);
    }

    /**
     * Runs until the configured number of iterations; a divergence that is not rolled back is thrown.
     *
     * @throws clel.nn.KernelDefectException when the host's kernels compute one of these networks' convolutions wrongly
     *                                       (nothing is trained)
     * @throws DivergenceException when training diverges and guard.on_divergence does not roll it back
     * @throws IOException when the run folder cannot be written or a rollback's checkpoint cannot be read
     */
    public void run() throws IOException {
        try (NDManager check = NDManager.newBaseManager(trainer.device())) {
            NetworkSelfCheck.verify(trainer.live(), check);
        }
        try (TrainingEvaluation configured = openConfiguredEvaluation()) {
            Files.createDirectories(folder.root());
            repairRunFolder();
            try {
                observers.started(trainer);
                iterate();
            } finally {
                observers.finished();
            }
        }
    }

    /** The iterations up to the configured total, each followed by the observers; a divergence rolls back or ends. */
    private void iterate() throws IOException {
        while (trainer.iteration() < trainer.config().iterations()) {
            StepMetrics m;
            try {
                m = trainer.step(observers);
            } catch (DivergenceException e) {
                rollBack(e);
                continue;
            }
            observers.iterationEnded(trainer, m);
        }
    }

    /** The evaluation the configuration describes, handed to the standard jobs' evaluator; null when none uses it. */
    private TrainingEvaluation openConfiguredEvaluation() throws IOException {
        if (configuredEvaluator == null) {
            return null;
        }
        TrainingEvaluation e = TrainingEvaluation.open(trainer.config(), trainer.data(), folder.root(),
                trainer.buffer().size(), trainer.device(), this::message);
        configuredEvaluator.use(e.evaluation());
        return e;
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
        message("divergence (" + e.getMessage() + "): rolled back to iteration " + trainer.iteration()
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
            message("removed " + root.relativize(stale) + ", left behind by a write that was interrupted");
        }
        long iteration = trainer.iteration();
        if (iteration == 0) {
            return;
        }
        for (LogTruncation t : RunFolderRepair.dropLinesAfter(root, iteration)) {
            if (t.changed()) {
                String lines = t.dropped() + " line" + (t.dropped() == 1 ? "" : "s") + " past iteration " + iteration
                        + " (written after the checkpoint; they are written again)";
                message(t.file().getFileName() + ": removed " + (!t.partialLine() ? lines
                        : t.dropped() == 0 ? "an unfinished last line" : lines + " and an unfinished last line"));
            }
        }
    }
}
