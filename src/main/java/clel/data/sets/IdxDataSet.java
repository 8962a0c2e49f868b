package clel.data.sets;

import clel.config.DataConfig;
import clel.data.DataSplit;
import clel.data.ImageSet;
import clel.data.download.DownloadSource;
import clel.data.format.ChannelStats;
import clel.data.format.IdxLayout;
import clel.data.format.IdxReader;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A data set in MNIST's IDX format: 28x28 gray images, one images and one labels file per split
 * ({@code train-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}, ...), read by {@link IdxReader} and
 * shown to the 32x32 networks as 3x32x32 ({@link IdxLayout#RGB_PADDED_32}). A subclass gives its name, class
 * names, statistics and the four download entries.
 *
 * <p>Files: the split's image and label files, plain or gzipped, in the root, {@code raw/} or torchvision's
 * {@code FOLDER/raw/} ({@link IdxReader#findFile}); the missing ones are fetched gzipped into the root.
 */
public abstract class IdxDataSet implements DataSetDefinition {
    private final String configName;
    private final List<String> aliases;
    private final String torchvisionFolder;
    private final List<String> classNames;
    private final Optional<ChannelStats> grayStats;
    private final List<DownloadSource> downloads;

    /**
     * @param torchvisionFolder torchvision's class name of the data set, the folder it stores the files in
     *                          ({@code ROOT/FOLDER/raw/}), e.g. "MNIST"
     * @param grayStats         the published mean/std of the gray images as stored, or empty to compute them from
     *                          the images read
     * @param downloads         the four files, {@code train-images-idx3-ubyte.gz}, {@code train-labels-...},
     *                          {@code t10k-images-...}, {@code t10k-labels-...}
     * @throws IllegalArgumentException naming the data set and a file missing in {@code downloads}
     */
    protected IdxDataSet(String configName, List<String> aliases, String torchvisionFolder, List<String> classNames,
                         Optional<ChannelStats> grayStats, List<DownloadSource> downloads) {
        this.configName = Objects.requireNonNull(configName, "configName");
        this.aliases = List.copyOf(aliases);
        this.torchvisionFolder = Objects.requireNonNull(torchvisionFolder, "torchvisionFolder");
        this.classNames = List.copyOf(classNames);
        this.grayStats = Objects.requireNonNull(grayStats, "grayStats");
        this.downloads = List.copyOf(downloads);
        for (DataSplit split : DataSplit.values()) {
            for (String file : fileNames(split)) {
                if (this.downloads.stream().noneMatch(d -> d.fileName().equals(file))) {
                    throw new IllegalArgumentException(configName + ": no download entry for " + file);
                }
            }
        }
    }

    @Override public String configName() { return configName; }
    @Override public List<String> aliases() { return aliases; }
    @Override public int channels() { return 1; }
    @Override public int nativeSize() { return 28; }
    @Override public int classes() { return classNames.size(); }
    @Override public Optional<ChannelStats> publishedStats() { return grayStats; }

    /** The class names, in label order. */
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public List<DownloadSource> sources(DataSplit split) {
        List<DownloadSource> out = new ArrayList<>();
        for (String file : fileNames(split)) {
            downloads.stream().filter(d -> d.fileName().equals(file)).forEach(out::add);
        }
        return out;
    }

    @Override
    public List<String> missing(Path root, List<DataSplit> splits) throws IOException {
        List<String> out = new ArrayList<>();
        for (DataSplit s : splits) {
            for (Kind k : Kind.values()) {
                try {
                    IdxReader.findFile(root, torchvisionFolder, s, k.word, k.dims);
                } catch (NoSuchFileException e) {
                    out.add(IdxReader.fileName(s, k.word, k.dims) + ".gz");
                }
            }
        }
        return out;
    }

    @Override
    public LoadedSplit read(Path root, DataSplit split, DataConfig config, int imageSize) throws IOException {
        return LoadedSplit.of(read(root, split, IdxLayout.RGB_PADDED_32));
    }

    /** Read a split from {@code root} (see {@link IdxReader#findFile}) in the given layout. */
    public ImageSet read(Path root, DataSplit split, IdxLayout layout) throws IOException {
        Path images = IdxReader.findFile(root, torchvisionFolder, split, Kind.IMAGES.word, Kind.IMAGES.dims);
        Path labels = IdxReader.findFile(root, torchvisionFolder, split, Kind.LABELS.word, Kind.LABELS.dims);
        String name = configName + "/" + split.folderName();
        return grayStats.isPresent()
                ? IdxReader.read(images, labels, nativeSize(), nativeSize(), layout, classNames, name, grayStats.get())
                : IdxReader.read(images, labels, nativeSize(), nativeSize(), layout, classNames, name);
    }

    /** The gzipped file names of a split, images first. */
    private static List<String> fileNames(DataSplit split) {
        List<String> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            out.add(IdxReader.fileName(split, k.word, k.dims) + ".gz");
        }
        return out;
    }

    /** The two files of a split: their kind in the file name and the number of IDX dimensions. */
    private enum Kind {
        IMAGES("images", 3),
        LABELS("labels", 1);

        final String word;
        final int dims;

        Kind(String word, int dims) {
            this.word = word;
            this.dims = dims;
        }
    }
}
