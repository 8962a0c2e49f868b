package clel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.TestModels;
import clel.config.ConfigException;
import clel.config.ConfigLoader;
import clel.data.ShapesDataset;
import clel.run.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** loss.encoder_objective=align_uniform, registered by one line: trains on the built-in data, resumes exactly, samples. */
class AlignUniformTrainingTest {
    @Test
    void alignUniformTrainsSavesResumesExactlyAndSamples(@TempDir Path dir) throws IOException {
        var cfg = TestModels.microRun(dir.resolve("a"), "loss.encoder_objective=align_uniform",
                "loss.use_negatives=false", "iterations=20");
        // L_align is in [0, 4] and each L_uniform in [-4, 0] for unit rows (t = 2)
        Path straight = ObjectiveTrainingCheck.trainResumeAndSample(cfg, ShapesDataset.train(32, 5), dir, m ->
                assertTrue(m.encoderLoss() >= -4 && m.encoderLoss() <= 4, "loss in [-4, 4]: " + m.encoderLoss()));
        assertEquals("align_uniform", Checkpoint.read(straight).config(straight).loss().encoderObjective().key());
    }

    @Test
    void itsRulesAndUnknownObjectivesAreOneLineErrors(@TempDir Path dir) {
        ConfigException negatives = assertThrows(ConfigException.class,
                () -> TestModels.microRun(dir, "loss.encoder_objective=align_uniform"));
        assertTrue(negatives.getMessage().startsWith("loss.use_negatives is true but loss.encoder_objective is "
                + "align_uniform"), negatives.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> ConfigLoader.load("tiny", List.of("loss.encoder_objective=moco")));
        assertEquals("loss.encoder_objective: unknown value 'moco'; valid choices: simclr, byol, mae, align_uniform",
                unknown.getMessage());
    }
}
