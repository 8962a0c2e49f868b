package clel.training;

import clel.run.RunFolder;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends every log.every-th iteration's {@link StepMetrics} to metrics.jsonl and its per-tensor EBM gradient norms to
 * gradients.jsonl, flushed at once (a crash loses no logged line; a resume first drops the lines past its checkpoint).
 */
public final class MetricsFileWriter implements TrainingObserver {
    private final RunFolder folder;
    private Writer metrics;
    private Writer gradients;

    /** @param folder the run folder, whose metrics.jsonl and gradients.jsonl it appends to */
    public MetricsFileWriter(RunFolder folder) {
        this.folder = folder;
    }

    @Override
    public void started(Trainer trainer) throws IOException {
        metrics = append(folder.metrics());
        gradients = append(folder.gradients());
    }

    private static Writer append(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public void iterationEnded(Trainer trainer, StepMetrics m) throws IOException {
        if (!TrainingObserver.due(trainer, trainer.config().log().every())) {
            return;
        }
        metrics.write(m.toJson());
        metrics.write('\n');
        metrics.flush();
        gradients.write(m.gradientsJson());
        gradients.write('\n');
        gradients.flush();
    }

    @Override
    public void finished() throws IOException {
        try (Writer a = metrics; Writer b = gradients) {
            metrics = null;
            gradients = null;
        }
    }
}
