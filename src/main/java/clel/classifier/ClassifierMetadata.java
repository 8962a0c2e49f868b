package clel.classifier;

import ai.djl.ndarray.types.Shape;
import clel.augment.AugmentationKind;
import clel.config.ModelConfig;
import clel.data.ImageSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * Everything a classifier file says about its network besides the weights: the training configuration, the data
 * set it was trained on (name, image size C x H x W, class and attribute names) and the input normalization
 * (per-channel mean and std of that data set).
 *
 * @param config         architecture and training settings
 * @param dataName       the training data set's name as {@code clel.data.source.DataSources} accepts it (e.g. "shapes",
 *                       "cifar10"), so that the held-out split can be loaded again
 * @param classNames     the data set's class names
 * @param attributeNames the data set's binary attribute names (may be empty)
 * @param channels       C
 * @param height         H, a multiple of 8, at most ModelConfig#MAX_IMAGE_SIZE
 * @param width          W, a multiple of 8, at most ModelConfig#MAX_IMAGE_SIZE
 * @param mean           per-channel mean in [0, 1], length C
 * @param std            per-channel std, length C, positive
 */
public record ClassifierMetadata(ClassifierConfig config, String dataName, List<String> classNames,
                                 List<String> attributeNames, int channels, int height, int width,
                                 float[] mean, float[] std) {
    public ClassifierMetadata {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dataName, "data name");
        classNames = List.copyOf(classNames);
        attributeNames = List.copyOf(attributeNames);
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("classifier: image size must be positive, got " + channels + "x" + height
                    + "x" + width);
        }
        if (height > ModelConfig.MAX_IMAGE_SIZE || width > ModelConfig.MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("classifier: image height and width must be at most "
                    + ModelConfig.MAX_IMAGE_SIZE + ", got " + height + "x" + width);
        }
        if (height % ImageClassifier.DOWNSAMPLING != 0 || width % ImageClassifier.DOWNSAMPLING != 0) {
            throw new IllegalArgumentException("classifier: image height and width must be multiples of "
                    + ImageClassifier.DOWNSAMPLING + ", got " + height + "x" + width);
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("classifier: mean/std need " + channels + " entries, got " + mean.length
                    + "/" + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("classifier: input std must be positive, got " + s);
            }
        }
        int outputs = (config.target() == ClassifierTarget.CLASSES ? classNames : attributeNames).size();
        if (outputs < (config.target() == ClassifierTarget.CLASSES ? 2 : 1)) {
            throw new IllegalArgumentException("classifier: " + outputs + " " + config.target().configName()
                    + " is too few to predict");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The metadata of a classifier trained on {@code set} (loaded as data set {@code dataName}) with {@code config}. */
    public static ClassifierMetadata of(ClassifierConfig config, ImageSet set, String dataName) {
        config.target().check(set);
        return new ClassifierMetadata(config, dataName, set.classNames(), set.attributeNames(), set.channels(),
                set.height(), set.width(), set.mean(), set.std());
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** The K names of the network's outputs: the class names or the attribute names. */
    public List<String> outputNames() {
        return config.target() == ClassifierTarget.CLASSES ? classNames : attributeNames;
    }

    /** (C, H, W). */
    public Shape imageShape() {
        return new Shape(channels, height, width);
    }

    /** A fresh network of this architecture (parameters not yet initialized). */
    public ImageClassifier newNetwork() {
        return new ImageClassifier(channels, config.width(), config.convsPerStage(), outputNames().size(), mean, std);
    }

    /**
     * Checks that {@code set} can be evaluated by this classifier: same image size and the same output names.
     *
     * @throws IllegalArgumentException naming what differs
     */
    public void checkCompatible(ImageSet set) {
        if (set.channels() != channels || set.height() != height || set.width() != width) {
            throw new IllegalArgumentException(set.name() + ": images are " + set.channels() + "x" + set.height() + "x"
                    + set.width() + " but the classifier expects " + channels + "x" + height + "x" + width);
        }
        List<String> theirs = config.target().outputNames(set);
        if (!theirs.equals(outputNames())) {
            throw new IllegalArgumentException(set.name() + ": its " + config.target().configName() + " " + theirs
                    + " differ from the classifier's " + outputNames() + " (trained on " + dataName + ")");
        }
    }

    /** The metadata as properties (a classifier file's {@code classifier.properties}). */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("target", config.target().configName());
        p.setProperty("width", String.valueOf(config.width()));
        p.setProperty("convs_per_stage", String.valueOf(config.convsPerStage()));
        p.setProperty("iterations", String.valueOf(config.iterations()));
        p.setProperty("batch_size", String.valueOf(config.batchSize()));
        p.setProperty("lr", String.valueOf(config.lr()));
        p.setProperty("momentum", String.valueOf(config.momentum()));
        p.setProperty("weight_decay", String.valueOf(config.weightDecay()));
        p.setProperty("augmentation", config.augmentation().configName());
        p.setProperty("seed", String.valueOf(config.seed()));
        p.setProperty("data", dataName);
        p.setProperty("image_channels", String.valueOf(channels));
        p.setProperty("image_height", String.valueOf(height));
        p.setProperty("image_width", String.valueOf(width));
        for (int c = 0; c < channels; c++) {
            p.setProperty("mean." + c, Float.toString(mean[c]));
            p.setProperty("std." + c, Float.toString(std[c]));
        }
        putList(p, "class", classNames);
        putList(p, "attribute", attributeNames);
        return p;
    }

    private static void putList(Properties p, String key, List<String> values) {
        p.setProperty(key + "_count", String.valueOf(values.size()));
        for (int i = 0; i < values.size(); i++) {
            p.setProperty(key + "." + i, values.get(i));
        }
    }

    /**
     * Reads {@link #toProperties()} back.
     *
     * @param what names the source in messages (file and entry)
     * @throws IOException naming the source and the missing or invalid key
     */
    public static ClassifierMetadata fromProperties(Properties p, String what) throws IOException {
        Reader r = new Reader(p, what);
        try {
            ClassifierConfig config = new ClassifierConfig(ClassifierTarget.fromName(r.text("target")),
                    r.integer("width"), r.integer("convs_per_stage"), r.integer("iterations"), r.integer("batch_size"),
                    r.real("lr"), r.real("momentum"), r.real("weight_decay"),
                    AugmentationKind.fromName(r.text("augmentation")), r.longInteger("seed"));
            int channels = r.integer("image_channels");
            if (channels <= 0 || channels > 4) {
                throw new IllegalArgumentException("image_channels must be 1..4, got " + channels);
            }
            float[] mean = new float[channels];
            float[] std = new float[channels];
            for (int c = 0; c < channels; c++) {
                mean[c] = (float) r.real("mean." + c);
                std[c] = (float) r.real("std." + c);
            }
            return new ClassifierMetadata(config, r.text("data"), r.list("class"), r.list("attribute"), channels,
                    r.integer("image_height"), r.integer("image_width"), mean, std);
        } catch (IllegalArgumentException e) {
            throw new IOException(what + ": invalid classifier description: " + e.getMessage(), e);
        }
    }

    /** Typed access to required keys with messages naming the source and the key. */
    private record Reader(Properties p, String what) {
        String text(String key) throws IOException {
            String v = p.getProperty(key);
            if (v == null) {
                throw new IOException(what + ": key '" + key + "' is missing");
            }
            return v;
        }

        int integer(String key) throws IOException {
            return parsed(key, Integer::parseInt, "an integer");
        }

        long longInteger(String key) throws IOException {
            return parsed(key, Long::parseLong, "an integer");
        }

        double real(String key) throws IOException {
            return parsed(key, Double::parseDouble, "a number");
        }

        private <T> T parsed(String key, Function<String, T> parse, String kind) throws IOException {
            String v = text(key);
            try {
                return parse.apply(v.trim());
            } catch (NumberFormatException e) {
                throw new IOException(what + ": key '" + key + "' must be " + kind + ", got '" + v + "'");
            }
        }

        List<String> list(String key) throws IOException {
            int n = integer(key + "_count");
            if (n < 0 || n > 100_000) {
                throw new IOException(what + ": key '" + key + "_count' must be in [0, 100000], got " + n);
            }
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(text(key + "." + i));
            }
            return out;
        }
    }
}
