package clel.data.sets;

import clel.config.DataConfig;
import clel.data.DataSplit;
import clel.data.download.DownloadSource;
import clel.data.format.ChannelStats;
import clel.data.format.CropMode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * DTD, the Describable Textures Dataset (Cimpoi et al., 2014): 47 texture classes, read as an image folder by
 * {@link clel.data.format.ImageFolderReader} with a center crop.
 *
 * <p>Statistics: computed from the images read.
 *
 * <p>Files: the root is a .zip or a folder holding sub-folders; otherwise {@code dtd-r1.0.1.tar.gz} is fetched
 * (or taken if already in the root) and its {@code images/} tree unpacked to {@code ROOT/dtd/images/CLASS/...},
 * which the ImageFolder reader looks through.
 *
 * <p>Download: {@code torchvision/datasets/dtd.py} ({@code _URL}, {@code _MD5}); the tarball is unpacked by
 * {@link #unpack}.
 */
public final class Textures implements DataSetDefinition {
    /** File name of the DTD release (images, labels and imdb in one tarball). */
    public static final String ARCHIVE = "dtd-r1.0.1.tar.gz";

    private static final DownloadSource DTD = new DownloadSource(ARCHIVE,
            "https://www.robots.ox.ac.uk/~vgg/data/dtd/download/dtd-r1.0.1.tar.gz", "fff73e5086ae6bdbea199a49dfb8a4c1");

    @Override public String configName() { return "textures"; }
    @Override public List<String> aliases() { return List.of("dtd"); }
    @Override public int channels() { return 3; }
    @Override public int nativeSize() { return 32; }
    @Override public int classes() { return 47; }
    @Override public Optional<ChannelStats> publishedStats() { return Optional.empty(); }

    @Override
    public List<DownloadSource> sources(DataSplit split) {
        return List.of(DTD);
    }

    @Override
    public List<String> missing(Path root, List<DataSplit> splits) throws IOException {
        return Files.isRegularFile(root) || hasSubfolder(root) ? List.of() : List.of(ARCHIVE);
    }

    /** Unpack the {@code images/} tree of the tarball in {@code dir} to {@code dir/dtd/images/}. */
    @Override
    public void unpack(Path dir) throws IOException {
        DtdArchive.unpackImages(dir.resolve(ARCHIVE), dir);
    }

    @Override
    public LoadedSplit read(Path root, DataSplit split, DataConfig config, int imageSize) throws IOException {
        return LoadedSplit.readFolder(root, split, config, imageSize, CropMode.CENTER_CROP, configName());
    }

    private static boolean hasSubfolder(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")) {
                    return true;
                }
            }
        }
        return false;
    }
}
