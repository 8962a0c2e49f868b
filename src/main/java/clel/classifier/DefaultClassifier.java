package clel.classifier;

import ai.djl.Device;
import clel.config.ClelConfig;
import clel.data.ImageSet;
import clel.io.CacheFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The class classifier a run uses as its feature extractor when {@code eval.classifier: auto}: trained once per data
 * set description with {@link ClassifierConfig#defaults} (the settings of {@code clel classifier train}) and kept in
 * a cache folder, so that later runs on the same data reuse it. Training is seeded, so the cached file is what any
 * run would have trained.
 */
public final class DefaultClassifier {
    private DefaultClassifier() {
    }

    /**
     * The cached classifier file for {@code train}, training and writing it (atomically) if it is not there yet.
     *
     * @param train       the training images, with labels
     * @param description identifies the data set (name, location, size, ...): part of the cache key
     * @param cacheDir    folder of cached classifiers
     * @param log         receives a line when training starts and ends
     */
    public static Path resolve(ImageSet train, String description, Path cacheDir, Consumer<String> log) throws IOException {
        return resolve(train, description, ClassifierConfig.defaults(ClassifierTarget.CLASSES), cacheDir, log);
    }

    /**
     * The cached default classifier of a run's training data, predicting {@code target} (classes: the one
     * {@code eval.classifier: auto} uses; attributes: for compositional samples), in {@link CacheFolder}, training it
     * first if it is not there yet.
     *
     * @param config the run's configuration (its data set and image size identify the classifier)
     * @param train  the run's training images
     * @param device where the classifier trains if it is not cached yet (the run's device)
     */
    public static Path forRun(ClelConfig config, ImageSet train, ClassifierTarget target, Device device,
                              Consumer<String> log) throws IOException {
        var d = config.data();
        String description = d.name() + "|" + d.root() + "|" + d.trainSize() + "|" + config.model().imageSize();
        return resolve(train, description, ClassifierConfig.defaults(target), CacheFolder.path(), device, log);
    }

    /** As {@link #resolve(ImageSet, String, Path, Consumer)} with other training settings (part of the cache key). */
    public static Path resolve(ImageSet train, String description, ClassifierConfig config, Path cacheDir,
                               Consumer<String> log) throws IOException {
        return resolve(train, description, config, cacheDir, Device.cpu(), log);
    }

    /**
     * As {@link #resolve(ImageSet, String, ClassifierConfig, Path, Consumer)}, training on {@code device} when the file
     * is not cached yet (the device is not part of the cache key).
     */
    public static Path resolve(ImageSet train, String description, ClassifierConfig config, Path cacheDir,
                               Device device, Consumer<String> log) throws IOException {
        if (config.target() == ClassifierTarget.CLASSES && train.classNames().size() < 2) {
            throw new IllegalArgumentException("eval.classifier=auto: data set " + train.name() + " has no class labels to "
                    + "train a classifier on; give a classifier file or eval.inception");
        }
        if (config.target() == ClassifierTarget.ATTRIBUTES && train.attributeNames().isEmpty()) {
            throw new IllegalArgumentException("data set " + train.name() + " has no attributes to train an attribute "
                    + "classifier on");
        }
        String key = description + "|" + train.count() + "|" + config;
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        Path file = cacheDir.resolve(String.format("%s-%08x.clf", train.name().replaceAll("[^A-Za-z0-9._-]", "_"),
                crc.getValue()));
        if (Files.isRegularFile(file)) {
            return file;
        }
        String what = config.target() == ClassifierTarget.CLASSES ? "eval.classifier=auto: training the default classifier"
                : "training the default attribute classifier";
        log.accept(what + " of " + train.name() + " (" + train.count() + " images, " + config.iterations()
                + " iterations) into " + file);
        long t0 = System.nanoTime();
        Files.createDirectories(cacheDir);
        try (TrainedClassifier c = ClassifierTrainer.train(config, train, train.name(), ClassifierProgress.NONE, device)) {
            c.save(file);
        }
        log.accept(String.format(Locale.ROOT, "%s: trained in %.0f s", config.target() == ClassifierTarget.CLASSES
                ? "eval.classifier=auto" : "default attribute classifier", (System.nanoTime() - t0) / 1e9));
        return file;
    }
}
