package clel.training;

import clel.config.DivergenceAction;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Checkpoints in the run folder: last.ckpt every log.checkpoint_every iterations and at the end, and a kept copy
 * ckpt-NNNNNN.ckpt every log.keep_every iterations (0: none), each carrying the run's best buffer evaluation so far.
 * With guard.on_divergence=rollback, a run without a last.ckpt writes one before its first iteration, so that an early
 * divergence has a state to roll back to.
 */
public final class CheckpointWriter implements TrainingObserver {
    private final RunFolder folder;
    private final DoubleSupplier bestEvaluation;
    private final Consumer<String> log;

    /**
     * @param folder         the run folder, which gets last.ckpt and the kept checkpoints
     * @param bestEvaluation the best buffer evaluation so far, written into every checkpoint (e.g.
     *                       {@link BufferEvaluator#best})
     * @param log            told of every checkpoint written
     */
    public CheckpointWriter(RunFolder folder, DoubleSupplier bestEvaluation, Consumer<String> log) {
        this.folder = folder;
        this.bestEvaluation = bestEvaluation;
        this.log = log;
    }

    @Override
    public void started(Trainer trainer) throws IOException {
        if (trainer.config().guard().onDivergence() == DivergenceAction.ROLLBACK && !Files.exists(folder.lastCheckpoint())) {
            trainer.save(folder.lastCheckpoint(), bestEvaluation.getAsDouble());
        }
    }

    @Override
    public void iterationEnded(Trainer trainer, StepMetrics metrics) throws IOException {
        var config = trainer.config().log();
        long i = trainer.iteration();
        if (TrainingObserver.due(trainer, config.checkpointEvery())) {
            trainer.save(folder.lastCheckpoint(), bestEvaluation.getAsDouble());
            log.accept("iteration " + i + ": checkpoint " + folder.lastCheckpoint());
        }
        if (config.keepEvery() > 0 && i % config.keepEvery() == 0) {
            Path keep = folder.root().resolve(String.format(Locale.ROOT, "ckpt-%06d.ckpt", i));
            trainer.save(keep, bestEvaluation.getAsDouble());
            log.accept("iteration " + i + ": kept " + keep);
        }
    }
}
