package clel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import clel.data.BatchSampler;
import clel.io.ImageGrid;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Sample grids in the run folder: samples/data.png (training images) when a run starts, and every log.sample_every
 * iterations samples/buffer_NNNNNN.png, the chains the latest iteration sampled as they are now in the replay buffer.
 */
public final class SampleGridWriter implements TrainingObserver {
    private final RunFolder folder;

    /** @param folder the run folder, whose samples/ folder gets the grids */
    public SampleGridWriter(RunFolder folder) {
        this.folder = folder;
    }

    @Override
    public void started(Trainer trainer) throws IOException {
        if (trainer.iteration() != 0) {
            return;
        }
        int n = Math.min(trainer.config().log().gridSize(), trainer.data().count());
        try (NDManager m = NDManager.newBaseManager(trainer.device())) {
            int[] idx = new int[n];
            Arrays.setAll(idx, i -> i);
            write(BatchSampler.toNDArray(m, trainer.data(), idx), folder.dataGrid());
        }
    }

    @Override
    public void iterationEnded(Trainer trainer, StepMetrics metrics) throws IOException {
        if (!TrainingObserver.due(trainer, trainer.config().log().sampleEvery())) {
            return;
        }
        try (NDManager m = NDManager.newBaseManager(trainer.device())) {
            NDArray chains = trainer.lastSampledChains(trainer.config().log().gridSize(), m);
            if (chains != null) {
                write(chains, folder.bufferGrid(trainer.iteration()));
            }
        }
    }

    private static void write(NDArray images, Path file) throws IOException {
        int columns = (int) Math.ceil(Math.sqrt(images.getShape().get(0)));
        ImageGrid.writePng(ImageGrid.tile(images, columns, 2, 2), file);
    }
}
