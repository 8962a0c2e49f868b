package clel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import clel.config.ClelConfig;
import clel.data.ImageSet;
import clel.model.TrainedModel;
import clel.run.Checkpoint;
import clel.sampling.ConditionalSampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What every encoder objective's training test checks: 20 iterations from a new run, a checkpoint after 12 and 20, a
 * resume from 12 whose 8 further iterations end bit-identical to the straight run, and sampling from the saved model.
 */
final class ObjectiveTrainingCheck {
    private ObjectiveTrainingCheck() {
    }

    /**
     * @param cfg      a micro run with iterations=20
     * @param eachStep checks on every step's metrics of the straight run
     * @return the straight run's checkpoint after 20 iterations
     */
    static Path trainResumeAndSample(ClelConfig cfg, ImageSet data, Path dir, Consumer<StepMetrics> eachStep)
            throws IOException {
        Path straight = dir.resolve("straight.ckpt");
        Path mid = dir.resolve("mid.ckpt");
        try (Trainer t = Trainer.start(cfg, data, dir.resolve("a"), Device.cpu())) {
            for (int i = 0; i < 20; i++) {
                StepMetrics m = t.step();
                assertTrue(Double.isFinite(m.loss()), "finite loss at " + m.iteration());
                eachStep.accept(m);
                if (i == 11) {
                    t.save(mid);
                }
            }
            t.save(straight);
        }
        Path resumed = dir.resolve("resumed.ckpt");
        try (Trainer t = Trainer.resume(mid, data, dir.resolve("b"), Device.cpu(), 0)) {
            for (int i = 0; i < 8; i++) {
                t.step();
            }
            t.save(resumed);
        }
        assertEquals(Checkpoint.read(straight).stateDigest(), Checkpoint.read(resumed).stateDigest(),
                "resume is bit-identical");
        try (TrainedModel model = TrainedModel.load(straight, true, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            NDArray samples = ConditionalSampler.of(model, 2, 1).unconditional(m, 4, 1);
            assertEquals(4, samples.getShape().get(0));
            for (float x : samples.toFloatArray()) {
                assertTrue(x >= 0 && x <= 1, "samples are images in [0, 1]");
            }
            assertEquals(4, model.latents(samples.toFloatArray()).length);
        }
        return straight;
    }
}
