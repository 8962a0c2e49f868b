package clel.classifier;

import clel.augment.AugmentationKind;
import java.util.Objects;

/**
 * Settings of the external classifier and its training (not part of the paper's method: an evaluation tool for
 * Fig. 3c and Fig. 4b, and the project's own feature extractor for FID-style scores).
 *
 * @param target         what is predicted: classes (softmax) or binary attributes (sigmoids)
 * @param width          w: channels of the first stage; the stages have w, 2w, 4w channels and the feature
 *                       vector has F = 4w entries; at most {@link #MAX_WIDTH}
 * @param convsPerStage  conv-BN-ReLU layers per stage (each stage ends with a 2x2 max-pool); at most
 *                       {@link #MAX_CONVS_PER_STAGE}
 * @param iterations     training iterations (mini-batches)
 * @param batchSize      B, images per iteration; at most {@link #MAX_BATCH_SIZE}
 * @param lr             peak learning rate of SGD with momentum, annealed to 0 by a cosine schedule
 * @param momentum       SGD momentum in [0, 1)
 * @param weightDecay    L2 weight decay, at least 0
 * @param augmentation   training augmentation; {@link AugmentationKind#WEAK} (random crop + flip) for classes,
 *                       {@link AugmentationKind#NONE} for attributes by default, because a flip or a shift can
 *                       change position attributes such as the shapes' {@code left_half}
 * @param seed           seed of the initialization, the batch order and the augmentation
 */
public record ClassifierConfig(ClassifierTarget target, int width, int convsPerStage, int iterations, int batchSize,
                               double lr, double momentum, double weightDecay, AugmentationKind augmentation, long seed) {
    /** Default w. */
    public static final int DEFAULT_WIDTH = 32;
    /** Default conv layers per stage. */
    public static final int DEFAULT_CONVS_PER_STAGE = 1;
    /** Default number of iterations. */
    public static final int DEFAULT_ITERATIONS = 800;
    /** Default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** Default peak learning rate. */
    public static final double DEFAULT_LR = 0.1;
    /** Largest w (the default is 32): a classifier file cannot ask for more. */
    public static final int MAX_WIDTH = 512;
    /** Most conv layers per stage. */
    public static final int MAX_CONVS_PER_STAGE = 16;
    /** Largest batch. */
    public static final int MAX_BATCH_SIZE = 4096;

    public ClassifierConfig {
        Objects.requireNonNull(target, "classifier target");
        Objects.requireNonNull(augmentation, "classifier augmentation");
        range("width", width, MAX_WIDTH);
        range("convs per stage", convsPerStage, MAX_CONVS_PER_STAGE);
        range("iterations", iterations, Integer.MAX_VALUE);
        range("batch size", batchSize, MAX_BATCH_SIZE);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("classifier: learning rate must be a positive number, got " + lr);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("classifier: momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("classifier: weight decay must be a non-negative number, got " + weightDecay);
        }
        if (augmentation == AugmentationKind.STRONG) {
            throw new IllegalArgumentException("classifier: augmentation must be weak or none (strong colour jitter "
                    + "would destroy the colour classes and attributes)");
        }
    }

    private static void range(String name, int value, int max) {
        if (value <= 0) {
            throw new IllegalArgumentException("classifier: " + name + " must be positive, got " + value);
        }
        if (value > max) {
            throw new IllegalArgumentException("classifier: " + name + " must be at most " + max + ", got " + value);
        }
    }

    /** F = 4w, the length of the penultimate feature vector. */
    public int featureDim() {
        return 4 * width;
    }

    /** The defaults for a target. */
    public static ClassifierConfig defaults(ClassifierTarget target) {
        return builder(target).build();
    }

    /** A builder starting from the defaults for {@code target}. */
    public static Builder builder(ClassifierTarget target) {
        return new Builder(target);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(target);
        b.width = width;
        b.convsPerStage = convsPerStage;
        b.iterations = iterations;
        b.batchSize = batchSize;
        b.lr = lr;
        b.momentum = momentum;
        b.weightDecay = weightDecay;
        b.augmentation = augmentation;
        b.seed = seed;
        return b;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private final ClassifierTarget target;
        private int width = DEFAULT_WIDTH;
        private int convsPerStage = DEFAULT_CONVS_PER_STAGE;
        private int iterations = DEFAULT_ITERATIONS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private double lr = DEFAULT_LR;
        private double momentum = 0.9;
        private double weightDecay = 5e-4;
        private AugmentationKind augmentation;
        private long seed = 1;

        private Builder(ClassifierTarget target) {
            this.target = Objects.requireNonNull(target, "classifier target");
            this.augmentation = target == ClassifierTarget.CLASSES ? AugmentationKind.WEAK : AugmentationKind.NONE;
        }

        public Builder width(int v) { width = v; return this; }
        public Builder convsPerStage(int v) { convsPerStage = v; return this; }
        public Builder iterations(int v) { iterations = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder augmentation(AugmentationKind v) { augmentation = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        public ClassifierConfig build() {
            return new ClassifierConfig(target, width, convsPerStage, iterations, batchSize, lr, momentum, weightDecay,
                    augmentation, seed);
        }
    }
}
