package clel.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import clel.data.ImageSet;
import clel.nn.GraphSafe;
import java.util.List;
import java.util.Locale;

/**
 * What an {@link ImageClassifier} predicts, and with which loss. The training loop of {@link ClassifierTrainer}
 * is the same for both; only the targets, the loss and the output activation differ. The losses use no
 * in-place operations on autograd intermediates (PyTorch would reject the backward pass).
 *
 * <ul>
 *   <li>{@link #CLASSES}: one label per image (paper Fig. 3c, the confusion matrix of class-conditional
 *       samples); K = number of classes, softmax + cross-entropy.</li>
 *   <li>{@link #ATTRIBUTES}: the image set's binary attributes (paper Fig. 4b, the attribute accuracy of
 *       compositional samples); K = number of attributes, independent sigmoids + binary cross-entropy.</li>
 * </ul>
 */
public enum ClassifierTarget {
    CLASSES {
        @Override
        public List<String> outputNames(ImageSet set) {
            return set.classNames();
        }

        @Override
        public float[] targets(ImageSet set, int[] indices) {
            int k = set.classNames().size();
            float[] y = new float[indices.length * k];
            for (int b = 0; b < indices.length; b++) {
                y[b * k + set.label(indices[b])] = 1f;
            }
            return y;
        }

        /** -(1/B) sum_b log softmax(logits_b)[y_b], with the labels given one-hot. */
        @Override
        public NDArray loss(NDArray logits, NDArray targets) {
            long batch = logits.getShape().get(0);
            return GraphSafe.div(logits.logSoftmax(1).mul(targets).sum(), -batch);
        }

        @Override
        public NDArray probabilities(NDArray logits) {
            return logits.softmax(1);
        }
    },
    ATTRIBUTES {
        @Override
        public List<String> outputNames(ImageSet set) {
            return set.attributeNames();
        }

        @Override
        public float[] targets(ImageSet set, int[] indices) {
            int k = set.attributeNames().size();
            float[] y = new float[indices.length * k];
            for (int b = 0; b < indices.length; b++) {
                for (int a = 0; a < k; a++) {
                    y[b * k + a] = set.attribute(indices[b], a);
                }
            }
            return y;
        }

        /** Mean over the B x K entries of softplus(s) - s y = -[y log sigmoid(s) + (1 - y) log(1 - sigmoid(s))]. */
        @Override
        public NDArray loss(NDArray logits, NDArray targets) {
            long entries = logits.getShape().size();
            return GraphSafe.div(Activation.softPlus(logits).sub(logits.mul(targets)).sum(), entries);
        }

        @Override
        public NDArray probabilities(NDArray logits) {
            return logits.getNDArrayInternal().sigmoid();
        }
    };

    /**
     * The names of the K outputs for an image set.
     *
     * @throws IllegalArgumentException naming the set when it has fewer than the outputs this target needs
     */
    public abstract List<String> outputNames(ImageSet set);

    /** The targets of images {@code indices}: (B, K) values in {0, 1}, row-major. */
    public abstract float[] targets(ImageSet set, int[] indices);

    /** The scalar training loss of logits (B, K) against targets (B, K) (result in the logits' manager). */
    public abstract NDArray loss(NDArray logits, NDArray targets);

    /** Logits (B, K) to probabilities (B, K): softmax over classes, or one sigmoid per attribute. */
    public abstract NDArray probabilities(NDArray logits);

    /** Checks that {@code set} has something to learn for this target: at least two classes, or one attribute. */
    public void check(ImageSet set) {
        if (this == CLASSES && set.classNames().size() < 2) {
            throw new IllegalArgumentException(set.name() + ": a classifier needs at least 2 classes, the data set has "
                    + set.classNames().size());
        }
        if (this == ATTRIBUTES && set.attributeNames().isEmpty()) {
            throw new IllegalArgumentException(set.name() + ": the data set has no binary attributes to predict");
        }
    }

    /** The lower-case name used on the command line and in classifier files ("classes", "attributes"). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a {@link #configName()} (any letter case).
     *
     * @throws IllegalArgumentException naming the valid choices
     */
    public static ClassifierTarget fromName(String name) {
        for (ClassifierTarget t : values()) {
            if (t.configName().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown classifier target '" + name + "': valid choices are classes, attributes");
    }
}
