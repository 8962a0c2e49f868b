package clel.data.source;

import clel.config.ConfigException;
import clel.config.DataConfig;
import clel.data.ClassSubset;
import clel.data.DataSplit;
import clel.data.ImageSet;
import clel.data.OodKind;
import clel.data.ShapesDataset;
import clel.data.download.DataDownloader;
import clel.data.download.EnsureResult;
import clel.data.sets.DataSetDefinition;
import clel.data.sets.DataSets;
import clel.data.sets.LoadedSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the image set a {@link DataConfig} names ({@code data.name}, {@code data.root}) in the model's input
 * format: the built-in shapes, or a benchmark of {@link DataSets}, its files made present by
 * {@link DataDownloader} and read by its {@link DataSetDefinition}.
 */
public final class DataSources {
    /** Seed of the built-in shapes data set: the same images for every run. */
    public static final long SHAPES_SEED = 2023;

    private DataSources() {
    }

    /** A loaded split, with warnings (e.g. skipped undecodable images) for the user. */
    public record Loaded(ImageSet images, List<String> warnings) {
    }

    /** @return the names accepted in data.name, comma-separated */
    public static String choices() {
        StringBuilder b = new StringBuilder(ShapesDataset.NAME);
        for (String n : DataSets.configNames()) {
            b.append(", ").append(n);
        }
        return b.toString();
    }

    /**
     * A held-out image set named on the command line: {@code shapes}, {@code shapes-noise},
     * {@code shapes-unseen-shapes}, {@code shapes-unseen-colors} (built in), or {@code NAME=ROOT} for a benchmark
     * read from its files (e.g. {@code svhn=/data/svhn}, {@code textures=/data/dtd/images}). A class subset in brackets
     * after the name keeps only those classes ({@link ClassSubset}): {@code shapes[0-2]},
     * {@code fashion_mnist[5-9]=/usr/share/datasets/fashion-mnist}.
     *
     * @param spec      the set's name as above
     * @param imageSize the model's image size (H = W) the images are brought to
     * @param count     images of the built-in sets to generate
     * @param workers   decoder threads of image folders
     * @return the images
     * @throws IOException when a benchmark's files cannot be read
     */
    public static ImageSet named(String spec, int imageSize, int count, int workers) throws IOException {
        String s = spec.trim();
        int eq = s.indexOf('=');
        String name = eq < 0 ? s : s.substring(0, eq).trim();
        ClassSubset subset = ClassSubset.ALL;
        int open = name.indexOf('[');
        if (open >= 0) {
            if (!name.endsWith("]")) {
                throw new IllegalArgumentException("data set '" + spec + "': a class subset is written NAME[CLASSES], "
                        + "e.g. shapes[0-2] or fashion_mnist[5-9]=ROOT");
            }
            subset = ClassSubset.parse(name.substring(open + 1, name.length() - 1), "data set '" + spec + "'");
            name = name.substring(0, open).trim();
        }
        return subset.apply(namedSet(spec, name, eq < 0 ? null : s.substring(eq + 1), imageSize, count, workers),
                "data set '" + spec + "'");
    }

    private static ImageSet namedSet(String spec, String name, String root, int imageSize, int count, int workers)
            throws IOException {
        String lower = name.toLowerCase().replace('_', '-');
        if (root == null && lower.equals(ShapesDataset.NAME)) {
            return ShapesDataset.test(count, SHAPES_SEED);
        }
        for (OodKind k : OodKind.values()) {
            if (root == null && lower.equals(ShapesDataset.NAME + "-" + k.name().toLowerCase().replace('_', '-'))) {
                return ShapesDataset.generateOutOfDistribution(count, SHAPES_SEED + 1, k);
            }
        }
        if (root == null || name.isEmpty()) {
            throw new IllegalArgumentException("data set '" + spec + "': use shapes, shapes-noise, shapes-unseen-shapes, "
                    + "shapes-unseen-colors, or NAME=ROOT with NAME one of " + choices()
                    + " (a class subset: NAME[5-9]=ROOT)");
        }
        DataConfig c = new DataConfig(name, root, count, count, workers, false, false);
        return loadWithWarnings(c, false, imageSize).images();
    }

    /**
     * The training split or the held-out split of {@code config}'s data set, images of 32 x 32.
     *
     * @param config the data section of a configuration
     * @param train  true for the training split, false for the held-out one
     * @return the images
     * @throws IOException when the data set's files cannot be read
     */
    public static ImageSet load(DataConfig config, boolean train) throws IOException {
        return loadWithWarnings(config, train, 32).images();
    }

    /**
     * The training or held-out split of {@code config}'s data set, restricted to {@code data.classes}, with warnings
     * for the user.
     *
     * @param config    the data section of a configuration
     * @param train     true for the training split, false for the held-out one
     * @param imageSize the model's image size (H = W) the images are brought to
     * @return the images and the warnings
     * @throws IOException when the data set's files cannot be read
     */
    public static Loaded loadWithWarnings(DataConfig config, boolean train, int imageSize) throws IOException {
        Loaded all = loadAllClasses(config, train, imageSize);
        try {
            return new Loaded(config.classSubset().apply(all.images(), "data.classes"), all.warnings());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static Loaded loadAllClasses(DataConfig config, boolean train, int imageSize) throws IOException {
        String name = config.name().trim();
        if (name.equalsIgnoreCase(ShapesDataset.NAME)) {
            return new Loaded(train ? ShapesDataset.train(config.trainSize(), SHAPES_SEED)
                    : ShapesDataset.test(config.testSize(), SHAPES_SEED), List.of());
        }
        DataSetDefinition set;
        try {
            set = DataSets.parse(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("data.name: unknown data set '" + name + "'; valid: " + choices());
        }
        if (config.root() == null || config.root().isBlank()) {
            throw new ConfigException("data.root: where are the " + set.configName() + " files? Set data.root=PATH "
                    + "(the publisher's archive or its extracted folder)");
        }
        DataSplit split = train ? DataSplit.TRAIN : DataSplit.TEST;
        EnsureResult ensured = DataDownloader.standard().ensure(set, Path.of(config.root()), split, config.download());
        Path root = ensured.root();
        if (!Files.exists(root)) {
            throw new IOException(root + ": not found (data.root for " + set.configName() + ")");
        }
        LoadedSplit loaded = set.read(root, split, config, imageSize);
        List<String> warnings = new ArrayList<>(loaded.warnings());
        ensured.downloaded().forEach(p -> warnings.add("downloaded and verified " + p));
        return new Loaded(loaded.images(), warnings);
    }
}
