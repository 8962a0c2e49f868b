package clel.data.sets;

import clel.config.DataConfig;
import clel.data.DataSplit;
import clel.data.download.DownloadSource;
import clel.data.format.ChannelStats;
import clel.data.format.CifarBinaryReader;
import clel.data.format.CifarLabelKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * CIFAR-100 (Krizhevsky, 2009), binary release: 32x32 RGB images of 100 fine classes, 50,000 train and 10,000
 * test, read by {@link CifarBinaryReader} with the fine labels.
 *
 * <p>Statistics: the standard published values computed over the training set, mean (0.5071, 0.4865, 0.4409),
 * std (0.2673, 0.2564, 0.2762).
 *
 * <p>Files: the root is the archive itself, or holds the archive, the extracted {@code cifar-100-binary} folder,
 * or the split's file; otherwise the archive is fetched.
 *
 * <p>Download: the MD5 table of the publisher's page https://www.cs.toronto.edu/~kriz/cifar.html (binary
 * version 03b5dce0...). torchvision ({@code torchvision/datasets/cifar.py}) only downloads the python-pickle
 * releases, so this value was confirmed instead in the page's MD5 table as quoted in public repositories and in
 * several independent loaders of the binary release (Python, Rust, C++, Go). The size 168,513,733 bytes was
 * likewise seen in several independent sources.
 */
public final class Cifar100 implements DataSetDefinition {
    /** The published mean/std. */
    public static final ChannelStats STATS = ChannelStats.published(new float[] {0.5071f, 0.4865f, 0.4409f},
            new float[] {0.2673f, 0.2564f, 0.2762f});

    private static final CifarRelease RELEASE = new CifarRelease(new DownloadSource(CifarBinaryReader.CIFAR100_ARCHIVE,
            "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz", "03b5dce01913d631647c71ecec9e9cb8", 168_513_733L),
            CifarBinaryReader.CIFAR100_FOLDER, "train.bin", "test.bin");

    @Override public String configName() { return "cifar100"; }
    @Override public int channels() { return 3; }
    @Override public int nativeSize() { return 32; }
    @Override public int classes() { return 100; }
    @Override public Optional<ChannelStats> publishedStats() { return Optional.of(STATS); }

    @Override
    public List<DownloadSource> sources(DataSplit split) {
        return List.of(RELEASE.archive());
    }

    @Override
    public List<String> missing(Path root, List<DataSplit> splits) {
        return RELEASE.missing(root, splits);
    }

    @Override
    public boolean readsDownloadedFileAsRoot() {
        return true;
    }

    @Override
    public LoadedSplit read(Path root, DataSplit split, DataConfig config, int imageSize) throws IOException {
        return LoadedSplit.of(CifarBinaryReader.readCifar100(root, split, CifarLabelKind.FINE, STATS));
    }
}
