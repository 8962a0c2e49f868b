package clel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import clel.TestModels;
import clel.classifier.ClassifierConfig;
import clel.classifier.ClassifierProgress;
import clel.classifier.ClassifierTarget;
import clel.classifier.ClassifierTrainer;
import clel.classifier.TrainedClassifier;
import clel.config.ClelConfig;
import clel.data.ShapesDataset;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval.every works for a library caller: the standard loop opens the evaluation its configuration describes. */
class ConfiguredEvaluationTest {
    @Test
    void trainerRunEvaluatesTheBufferAsConfiguredWithoutTheCommandLine(@TempDir Path dir) throws IOException {
        Path clf = dir.resolve("shapes.clf");
        ClassifierConfig quick = ClassifierConfig.builder(ClassifierTarget.CLASSES).width(4).batchSize(32)
                .iterations(5).lr(0.1).seed(3).build();
        try (TrainedClassifier c = ClassifierTrainer.train(quick, ShapesDataset.train(64, 1), "shapes",
                ClassifierProgress.NONE)) {
            c.save(clf);
        }
        Path run = dir.resolve("run");
        ClelConfig cfg = TestModels.microRun(run, "eval.every=2", "eval.classifier=" + clf, "eval.samples=8",
                "eval.reference=16");
        List<String> messages = new ArrayList<>();
        TrainingObserver listener = new TrainingObserver() {
            @Override
            public void message(String message) {
                messages.add(message);
            }
        };
        try (Trainer t = Trainer.start(cfg, ShapesDataset.train(32, 5), run, Device.cpu())) {
            TrainingLoop.standard(t, listener).run();
        }
        RunFolder folder = new RunFolder(run);
        List<String> lines = Files.readAllLines(folder.evaluations());
        assertEquals(2, lines.size(), "evaluations at iterations 2 and 4: " + lines);
        assertTrue(lines.get(0).startsWith("{\"iteration\":2,\"metric\":\"FD-shapes-classifier-"), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"iteration\":4,"), lines.get(1));
        assertTrue(Files.exists(folder.bestCheckpoint()));
        assertTrue(Files.exists(folder.trainingFd()));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("evaluating FD-shapes-classifier-")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("iteration 2: FD-shapes-classifier-")), messages.toString());
    }
}
