package clel.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import clel.augment.AugmentationKind;
import clel.classifier.ClassifierConfig;
import clel.classifier.ClassifierProgress;
import clel.classifier.ClassifierTarget;
import clel.classifier.ClassifierTrainer;
import clel.classifier.TrainedClassifier;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import clel.data.source.DataSources;
import clel.evaluation.NearestNeighbourAccuracy;
import clel.evaluation.OodScores;
import clel.model.TrainedModel;
import clel.run.Checkpoint;
import clel.run.CheckpointEntry;
import clel.run.RunFolder;
import clel.training.Trainer;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * An experiment's measures of a finished run equal the library's own computations (clel ood, clel analyze), are
 * kept rather than redone, and a changed setting measures again only what it affects.
 */
class ExperimentEvaluationTest {
    private static EvaluationSettings evaluation(String yaml) {
        return EvaluationSettingsReader.read(new Yaml().load(yaml), "test");
    }

    private static boolean measure(EvaluationSettings e, ExperimentRun run, List<String> log) throws Exception {
        return RunEvaluator.measureMissing(run, e, Device.cpu(), log::add);
    }

    private static double[] values(EvaluationSettings e, ExperimentRun run) throws Exception {
        return new PlannedMeasures(e).values(run);
    }

    /** A micro run trained one iteration, its checkpoint in last.ckpt. */
    private static ExperimentRun trainedRun(Path runDir, String... extra) throws Exception {
        try (Trainer t = Trainer.start(clel.TestModels.microRun(runDir, extra), ShapesDataset.train(32, 1), runDir,
                Device.cpu())) {
            t.step();
            t.save(new RunFolder(runDir).lastCheckpoint());
        }
        return new ExperimentRun(1, "a", "a", List.of(), List.of(), runDir);
    }

    @Test
    void measuresAurocOfTheEmaWeightsOnceAndReadsItBack(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("001-a");
        ExperimentRun run = trainedRun(runDir);
        EvaluationSettings e = evaluation("ood: [shapes-noise, shapes-unseen-colors]\nood_count: 40\n");
        assertTrue(Double.isNaN(values(e, run)[0]), "nothing measured yet");
        List<String> log = new ArrayList<>();
        assertTrue(measure(e, run, log));
        double[] v = values(e, run);

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
        assertTrue(log.get(0).startsWith("AUROC shapes-noise "), log.toString());
        assertFalse(measure(e, run, log), "kept in eval/experiment.json, not measured again");
        assertTrue(Files.readString(new RunFolder(runDir).experimentEvaluation()).contains("\"iteration\": 1"));
        // other settings: not the stored measure
        assertTrue(Double.isNaN(values(evaluation("ood: [shapes-noise]\nood_beta: 0.2\nood_count: 40\n"), run)[0]));
        assertEquals(List.of("AUROC shapes-noise", "AUROC shapes-unseen-colors"), e.columns());
    }

    @Test
    void theFirstVersionsOodFileIsReadAsItsAurocColumns(@TempDir Path dir) throws Exception {
        Path runDir = Files.createDirectories(dir.resolve("run"));
        Checkpoint c = new Checkpoint(new LinkedHashMap<>());
        c.put(CheckpointEntry.META, "format_version=1\niteration=300\n".getBytes(StandardCharsets.UTF_8));
        c.write(new RunFolder(runDir).lastCheckpoint());
        Files.createDirectories(runDir.resolve("eval"));
        Files.writeString(new RunFolder(runDir).experimentEvaluation(), "{\"iteration\": 300, \"ood_beta\": 0.1, "
                + "\"ood_count\": 2000, \"auroc\": {\"shapes-noise\": 1.0, \"shapes-unseen-colors\": 0.6083}}");
        ExperimentRun run = new ExperimentRun(1, "a", "", List.of(), List.of(), runDir);
        assertArrayEquals(new double[] {0.6083, 1.0}, values(evaluation("ood: [shapes-unseen-colors, shapes-noise]\n"),
                run), 0);
        assertTrue(Double.isNaN(values(evaluation("ood: [shapes-noise]\nood_count: 500\n"), run)[0]));
    }

    private static Path classifier(Path file, ClassifierTarget target, ImageSet set) throws Exception {
        try (TrainedClassifier c = ClassifierTrainer.train(ClassifierConfig.builder(target).width(4).batchSize(32)
                .iterations(3).seed(3).build(), set, "shapes", ClassifierProgress.NONE)) {
            c.save(file);
        }
        return file;
    }

    @Test
    void classCompositionAndKnnAccuracyAreMeasuredOnceAndASettingRedoesOnlyItsColumn(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("001-a");
        ExperimentRun run = trainedRun(runDir, "data.test_size=100");
        ImageSet set = ShapesDataset.train(64, 1);
        Path classes = classifier(dir.resolve("classes.clf"), ClassifierTarget.CLASSES, set);
        Path attributes = classifier(dir.resolve("attributes.clf"), ClassifierTarget.ATTRIBUTES, set);
        String common = "classifier: " + classes + "\nattribute_classifier: " + attributes + "\nsamples_per_condition: 2\n"
                + "latent_images: 20\nsampling_steps: 2\nsampling_rounds: 1\nknn_reference: 32\nknn_queries: 50\n";
        EvaluationSettings e = evaluation("class_accuracy: true\ncompose: red,large\nknn: true\n" + common);
        assertEquals(List.of("class accuracy", "compose red+large", "1-NN accuracy"), e.columns());
        List<String> log = new ArrayList<>();
        assertTrue(measure(e, run, log));
        assertEquals(3, log.size(), log.toString());
        double[] v = values(e, run);
        // 5 classes x 2 samples and 2 compositional samples: shares in tenths and halves
        assertEquals(Math.round(v[0] * 10) / 10.0, v[0], 1e-12);
        assertEquals(Math.round(v[1] * 2) / 2.0, v[1], 1e-12);
        try (TrainedModel m = TrainedModel.load(new RunFolder(runDir).lastCheckpoint(), true, Device.cpu())) {
            double knn = NearestNeighbourAccuracy.ofEncoder(m, DataSources.load(m.config().data(), true), 32,
                    DataSources.load(m.config().data(), false), 50, 1);
            assertEquals(knn, v[2], 0);
        }
        // the class-conditional samples: one row of 2 per class; the compositional ones in one row
        BufferedImage classesGrid = ImageIO.read(runDir.resolve("eval/experiment-classes.png").toFile());
        BufferedImage composeGrid = ImageIO.read(runDir.resolve("eval/experiment-compose-red+large.png").toFile());
        assertEquals(classesGrid.getWidth(), composeGrid.getWidth());
        assertEquals(5 * composeGrid.getHeight() - 4 * 2 * 2, classesGrid.getHeight(), "5 rows with 2 px padding at 2x");

        assertFalse(measure(e, run, log), "everything is stored");
        log.clear();
        EvaluationSettings k3 = evaluation("class_accuracy: true\ncompose: red,large\nknn: true\nknn_k: 3\n" + common);
        assertTrue(measure(k3, run, log));
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("3-NN accuracy "), log.toString());
        assertArrayEquals(new double[] {v[0], v[1]}, Arrays.copyOf(values(k3, run), 2), 0);

        EvaluationSettings swapped = evaluation("class_accuracy: true\nclassifier: " + attributes + "\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> measure(swapped, run, log)).getMessage()
                .startsWith("evaluate.classifier predicts [red, green"));
    }
}
