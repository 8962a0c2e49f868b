package clel.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.TestModels;
import clel.config.ClelConfig;
import clel.config.ConfigException;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import clel.run.Checkpoint;
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
        Path straight = ObjectiveTrainingCheck.trainResumeAndSample(byol(dir.resolve("a")), data(), dir, m ->
                assertTrue(m.encoderLoss() >= 0 && m.encoderLoss() <= 8, "BYOL loss in [0, 8]: " + m.encoderLoss()));
        Checkpoint a = Checkpoint.read(straight);
        assertTrue(a.entries().containsKey("byol_predictor.params"));
        assertTrue(a.entries().containsKey("byol_target.params"));
    }

    @Test
    void byolWithNegativesIsAConfigurationError(@TempDir Path dir) {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> TestModels.microRun(dir, "loss.encoder_objective=byol"));
        org.junit.jupiter.api.Assertions.assertEquals("loss.use_negatives is true but loss.encoder_objective is byol, "
                + "which uses no negatives: set loss.use_negatives=false", e.getMessage());
    }
}
