package clel.evaluation;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The feature extractor of a Frechet-distance score, opened from exactly one of two files: an external classifier
 * ("FD-&lt;classifier&gt;") or the FID Inception network (FID, and the Inception Score). Closing it releases the
 * network.
 */
public final class FeatureExtractorFile implements AutoCloseable {
    private final ClassifierFeatures classifier;
    private final InceptionNetwork inception;

    private FeatureExtractorFile(ClassifierFeatures classifier, InceptionNetwork inception) {
        this.classifier = classifier;
        this.inception = inception;
    }

    /**
     * @param classifier a classifier file, or null
     * @param inception  an Inception TorchScript file, or null (exactly one of the two is given)
     * @param like       a manager whose device the feature network runs on
     */
    public static FeatureExtractorFile open(Path classifier, Path inception, NDManager like) throws IOException {
        if ((classifier == null) == (inception == null)) {
            throw new IllegalArgumentException("give exactly one feature extractor: a classifier file or the Inception file");
        }
        return classifier != null
                ? new FeatureExtractorFile(new ClassifierFeatures(classifier, like.getDevice()), null)
                : new FeatureExtractorFile(null, InceptionNetwork.load(inception, like));
    }

    public FeatureExtractor extractor() {
        return classifier != null ? classifier : inception;
    }

    /** The Inception network, or null when the extractor is a classifier. */
    public InceptionNetwork inception() {
        return inception;
    }

    @Override
    public void close() {
        if (classifier != null) {
            classifier.close();
        }
        if (inception != null) {
            inception.close();
        }
    }
}
