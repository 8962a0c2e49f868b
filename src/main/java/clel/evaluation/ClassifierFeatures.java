package clel.evaluation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import clel.classifier.TrainedClassifier;
import clel.io.FileChecksum;
import java.io.IOException;
import java.nio.file.Path;

/** The penultimate features of an external classifier file as a {@link FeatureExtractor} ("FD-&lt;name&gt;" scores). */
final class ClassifierFeatures implements FeatureExtractor, AutoCloseable {
    private final TrainedClassifier classifier;
    private final String name;

    ClassifierFeatures(Path file, Device device) throws IOException {
        this.classifier = TrainedClassifier.load(file, device);
        this.name = classifier.metadata().dataName() + "-classifier-" + Long.toHexString(FileChecksum.crc32(file));
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
