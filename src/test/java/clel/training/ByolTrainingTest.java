package clel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import clel.TestModels;
import clel.config.ClelConfig;
import clel.config.ConfigException;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import clel.model.TrainedModel;
import clel.run.Checkpoint;
import clel.run.CheckpointEntry;
import clel.sampling.ConditionalSampler;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** loss.encoder_objective=byol (paper Table 7): trains, saves its predictor and target, resumes exactly, samples. */
class ByolTrainingTest {
    private static ImageSet data() {
        return ShapesDataset.train(32, 5);
    }

    private static ClelConfig byol(Path dir, String... extra) throws IOException {
        String[] all = new String[extra.length + 3];
        all[0] = "loss.encoder_objective=byol";
        all[1] = "loss.use_negatives=false";
        all[2] = "iterations=20";
        System.arraycopy(extra, 0, all, 3, extra.length);
        return TestModels.microRun(dir, all);
    }

    @Test
    void byolTrainsSavesResumesExactlyAndSamples(@TempDir Path dir) throws IOException {
        ClelConfig cfg = byol(dir.resolve("a"));
        Path straight = dir.resolve("straight.ckpt");
        Path mid = dir.resolve("mid.ckpt");
        try (Trainer t = Trainer.start(cfg, data(), dir.resolve("a"), TrainingListener.NONE, Device.cpu())) {
            for (int i = 0; i < 20; i++) {
                StepMetrics m = t.step();
                assertTrue(m.encoderLoss() >= 0 && m.encoderLoss() <= 8, "BYOL loss in [0, 8]: " + m.encoderLoss());
                assertTrue(Double.isFinite(m.loss()), "finite loss at " + m.iteration());
                if (i == 11) {
                    t.save(mid);
                }
            }
            t.save(straight);
        }
        Path resumed = dir.resolve("resumed.ckpt");
        try (Trainer t = Trainer.resume(mid, data(), dir.resolve("b"), TrainingListener.NONE, Device.cpu(), 0)) {
            for (int i = 0; i < 8; i++) {
                t.step();
            }
            t.save(resumed);
        }
        Checkpoint a = Checkpoint.read(straight);
        assertTrue(a.entries().containsKey(CheckpointEntry.BYOL_PREDICTOR.fileName()));
        assertTrue(a.entries().containsKey(CheckpointEntry.BYOL_TARGET.fileName()));
        assertEquals(a.stateDigest(), Checkpoint.read(resumed).stateDigest(), "resume is bit-identical");

        try (TrainedModel model = TrainedModel.load(straight, true, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            NDArray samples = ConditionalSampler.of(model, 2, 1).unconditional(m, 4, 1);
            assertEquals(4, samples.getShape().get(0));
            float[] v = samples.toFloatArray();
            for (float x : v) {
                assertTrue(x >= 0 && x <= 1, "samples are images in [0, 1]");
            }
            assertEquals(4, model.latents(samples.toFloatArray()).length);
        }
    }

    @Test
    void byolWithNegativesIsAConfigurationError(@TempDir Path dir) {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> TestModels.microRun(dir, "loss.encoder_objective=byol"));
        assertTrue(e.getMessage().contains("loss.use_negatives"), e.getMessage());
    }
}
