package clel.spark;

import ai.djl.Device;
import clel.TestModels;
import clel.classifier.ClassifierConfig;
import clel.classifier.ClassifierTarget;
import clel.classifier.ClassifierTrainer;
import clel.classifier.TrainedClassifier;
import clel.data.ShapesDataset;
import clel.training.Trainer;
import clel.training.TrainingListener;
import java.nio.file.Path;

/** A checkpoint and a classifier file small enough for tests: one training step of the core's micro run, 3 classifier steps. */
final class TestArtifacts {
    private TestArtifacts() {
    }

    /** {@code dir/run/last.ckpt} after one training iteration of {@link TestModels#microRun}. */
    static Path checkpoint(Path dir) throws Exception {
        Path ckpt = dir.resolve("run").resolve("last.ckpt");
        try (Trainer t = Trainer.start(TestModels.microRun(dir.resolve("run")), ShapesDataset.train(32, 1), dir.resolve("run"),
                TrainingListener.NONE, Device.cpu())) {
            t.step();
            t.save(ckpt);
        }
        return ckpt;
    }

    /** {@code dir/shapes.classifier}: a width-8 shapes classifier after 3 iterations (its features are what matter). */
    static Path classifier(Path dir) throws Exception {
        Path file = dir.resolve("shapes.classifier");
        ClassifierConfig cc = ClassifierConfig.builder(ClassifierTarget.CLASSES).width(8).iterations(3).batchSize(16).build();
        try (TrainedClassifier c = ClassifierTrainer.train(cc, ShapesDataset.train(64, 3))) {
            c.save(file);
        }
        return file;
    }
}
