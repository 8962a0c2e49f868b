package clel.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import clel.augment.AugmentationKind;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import clel.data.source.DataSources;
import clel.evaluation.OodScores;
import clel.model.TrainedModel;
import clel.run.RunFolder;
import clel.training.Trainer;
import clel.training.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An experiment's OOD measure of a finished run equals clel ood's computation, and is kept rather than redone. */
class ExperimentEvaluationTest {
    @Test
    void measuresAurocOfTheEmaWeightsOnceAndReadsItBack(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("001-a");
        try (Trainer t = Trainer.start(clel.TestModels.microRun(runDir), ShapesDataset.train(32, 1), runDir,
                TrainingListener.NONE, Device.cpu())) {
            t.step();
            t.save(new RunFolder(runDir).lastCheckpoint());
        }
        ExperimentRun run = new ExperimentRun(1, "a", "a", List.of(), List.of(), runDir);
        ExperimentEvaluation e = new ExperimentEvaluation(List.of("shapes-noise", "shapes-unseen-colors"), 0.1, 40);
        assertTrue(Double.isNaN(e.values(run)[0]), "nothing measured yet");
        assertTrue(e.measure(run));
        double[] v = e.values(run);

        double[] expected = new double[2];
        try (TrainedModel m = TrainedModel.load(new RunFolder(runDir).lastCheckpoint(), true, Device.cpu())) {
            ImageSet in = DataSources.load(m.config().data(), false);
            Map<String, ImageSet> out = new LinkedHashMap<>();
            out.put("shapes-noise", DataSources.named("shapes-noise", 32, 40, 2));
            out.put("shapes-unseen-colors", DataSources.named("shapes-unseen-colors", 32, 40, 2));
            Map<String, Double> auroc = OodScores.evaluate(m, in, out, 0.1f, AugmentationKind.NONE, 256).auroc();
            expected[0] = auroc.get("shapes-noise");
            expected[1] = auroc.get("shapes-unseen-colors");
        }
        assertArrayEquals(expected, v, 1e-12);
        assertTrue(v[0] >= 0 && v[0] <= 1 && v[1] >= 0 && v[1] <= 1);
        assertFalse(e.measure(run), "kept in eval/experiment.json, not measured again");
        assertTrue(Files.readString(new RunFolder(runDir).experimentEvaluation()).contains("\"iteration\": 1"));
        // other settings: not the stored measure
        ExperimentEvaluation other = new ExperimentEvaluation(List.of("shapes-noise"), 0.2, 40);
        assertTrue(Double.isNaN(other.values(run)[0]));
        assertEquals(List.of("AUROC shapes-noise", "AUROC shapes-unseen-colors"), e.columns());
    }
}
