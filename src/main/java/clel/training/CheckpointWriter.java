package clel.training;

import clel.config.DivergenceAction;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checkpoints in the run folder: last.ckpt every log.checkpoint_every iterations and at the end, and a kept copy
 * ckpt-NNNNNN.ckpt every log.keep_every iterations (0: none). With guard.on_divergence=rollback, a run without a
 * last.ckpt writes one before its first iteration, so that an early divergence has a state to roll back to.
 */
public final class CheckpointWriter implements IterationListener {
    private final RunFolder folder;
    private final TrainingListener progress;

    /**
     * @param folder   the run folder, which gets last.ckpt and the kept checkpoints
     * @param progress told of every checkpoint written
     */
    public CheckpointWriter(RunFolder folder, TrainingListener progress) {
        this.folder = folder;
        this.progress = progress;
    }

    @Override
    public void started(Trainer trainer) throws IOException {
        if (trainer.config().guard().onDivergence() == DivergenceAction.ROLLBACK && !Files.exists(folder.lastCheckpoint())) {
            trainer.save(folder.lastCheckpoint());
        }
    }

    @Override
    public void afterIteration(Trainer trainer, StepMetrics metrics) throws IOException {
        var log = trainer.config().log();
        long i = trainer.iteration();
        if (IterationListener.due(trainer, log.checkpointEvery())) {
            trainer.save(folder.lastCheckpoint());
            progress.onMessage("iteration " + i + ": checkpoint " + folder.lastCheckpoint());
        }
        if (log.keepEvery() > 0 && i % log.keepEvery() == 0) {
            Path keep = folder.root().resolve(String.format(Locale.ROOT, "ckpt-%06d.ckpt", i));
            trainer.save(keep);
            progress.onMessage("iteration " + i + ": kept " + keep);
        }
    }
}
