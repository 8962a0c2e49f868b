package clel.cli;

import ai.djl.ndarray.NDArray;
import clel.classifier.TrainedClassifier;
import clel.evaluation.FeatureExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/** The penultimate features of an external classifier file as a {@link FeatureExtractor} ("FD-&lt;name&gt;" scores). */
final class ClassifierFeatures implements FeatureExtractor, AutoCloseable {
    private final TrainedClassifier classifier;
    private final String name;

    ClassifierFeatures(Path file) throws IOException {
        this.classifier = TrainedClassifier.load(file);
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(file));
        this.name = classifier.metadata().dataName() + "-classifier-" + Long.toHexString(crc.getValue());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public float[][] features(NDArray images) {
        return classifier.features(images);
    }

    @Override
    public void close() {
        classifier.close();
    }
}
