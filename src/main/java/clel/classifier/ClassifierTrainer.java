package clel.classifier;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import clel.augment.Augmenter;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.nn.Backward;
import clel.nn.GraphSafe;
import clel.optim.MomentumSgd;
import clel.optim.ParameterGroup;
import clel.optim.Schedules;
import clel.optim.Seeds;
import java.util.Objects;

/**
 * Trains an {@link ImageClassifier} on an image set's labels or binary attributes: SGD with momentum and weight
 * decay ({@link MomentumSgd}), learning rate {@code lr (1 + cos(pi t / T)) / 2} ({@link Schedules#cosine}),
 * optional weak augmentation (reflect-pad 4, random crop, horizontal flip), drop-last shuffled mini-batches
 * ({@link BatchSampler}). One loop serves both targets; {@link ClassifierTarget} supplies targets and loss.
 *
 * <p>Deterministic: the initialization, batch order and augmentation of iteration t are functions of
 * (seed, t) only (the engine's RNG is re-seeded from {@link Seeds#mix} before the initialization and before
 * every iteration), so the same configuration and data give the same classifier on the same machine and
 * thread count.
 */
public final class ClassifierTrainer {
    private static final long STREAM_INIT = 11;
    private static final long STREAM_TORCH = 12;
    private static final long STREAM_DATA = 13;

    private ClassifierTrainer() {
    }

    /** {@link #train(ClassifierConfig, ImageSet, String, ClassifierProgress, Device)} on the CPU without progress
     * reports, recording the image set's own name as the data set name. */
    public static TrainedClassifier train(ClassifierConfig config, ImageSet data) {
        return train(config, data, data.name(), ClassifierProgress.NONE, Device.cpu());
    }

    /** {@link #train(ClassifierConfig, ImageSet, String, ClassifierProgress, Device)} on the CPU. */
    public static TrainedClassifier train(ClassifierConfig config, ImageSet data, String dataName,
                                          ClassifierProgress progress) {
        return train(config, data, dataName, progress, Device.cpu());
    }

    /**
     * Trains a classifier on all images of {@code data}.
     *
     * @param config   architecture, target and optimization settings
     * @param data     training images; in attribute mode it must have binary attributes
     * @param dataName the data set's name as {@code clel.data.source.DataSources} accepts it (recorded in the file)
     * @param progress called after every iteration
     * @param device   where the network, the batches and every array of training live (the trained classifier stays
     *                 there)
     * @return the trained classifier (the caller closes it)
     * @throws IllegalArgumentException when the data cannot be used (image size not a multiple of 8, fewer images
     *                                  than a batch, no attributes in attribute mode)
     * @throws ArithmeticException      when the loss becomes non-finite (learning rate too high)
     */
    public static TrainedClassifier train(ClassifierConfig config, ImageSet data, String dataName,
                                          ClassifierProgress progress, Device device) {
        Objects.requireNonNull(progress, "progress");
        ClassifierMetadata metadata = ClassifierMetadata.of(config, data, dataName);
        if (config.batchSize() > data.count()) {
            throw new IllegalArgumentException(data.name() + ": batch size " + config.batchSize()
                    + " is larger than the training set (" + data.count() + " images)");
        }
        ClassifierTarget target = config.target();
        int outputs = metadata.outputNames().size();
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Engine.getInstance().setRandomSeed((int) Seeds.mix(config.seed(), -1, STREAM_INIT));
            ImageClassifier network = metadata.newNetwork();
            network.initialize(manager, DataType.FLOAT32, new Shape(1, data.channels(), data.height(), data.width()));
            MomentumSgd optimizer = new MomentumSgd(new ParameterGroup(network), manager, config.momentum(),
                    config.weightDecay());
            BatchSampler batches = new BatchSampler(data.count(), config.batchSize(), Seeds.mix(config.seed(), 0, STREAM_DATA));
            Augmenter augment = Augmenter.of(config.augmentation());
            int total = config.iterations();
            for (int t = 0; t < total; t++) {
                Engine.getInstance().setRandomSeed((int) Seeds.mix(config.seed(), t, STREAM_TORCH));
                double lr = Schedules.cosine(config.lr(), total, t);
                float loss;
                try (NDManager it = manager.newSubManager()) {
                    int[] idx = batches.indices(t);
                    NDArray x = augment.apply(BatchSampler.toNDArray(it, data, idx));
                    NDArray y = GraphSafe.constant(it, target.targets(data, idx), new Shape(idx.length, outputs));
                    ParameterStore ps = new ParameterStore(it, false);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = network.forward(ps, new NDList(x), true).singletonOrThrow();
                        NDArray l = target.loss(logits, y);
                        loss = l.getFloat();
                        if (!Float.isFinite(loss)) {
                            throw new ArithmeticException("classifier training diverged at iteration " + (t + 1)
                                    + " (loss " + loss + "): lower the learning rate (now " + config.lr() + ")");
                        }
                        Backward.run(gc, l);
                    }
                    optimizer.step(lr);
                }
                progress.onIteration(t + 1, total, loss, lr);
            }
            return new TrainedClassifier(metadata, network, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
