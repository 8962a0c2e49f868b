package clel.data.sets;

import clel.config.DataConfig;
import clel.data.DataSplit;
import clel.data.download.DownloadSource;
import clel.data.format.ChannelStats;
import clel.data.format.SvhnReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SVHN cropped digits (Netzer et al., 2011): 32x32 RGB images of 10 digits in MATLAB files, read by
 * {@link SvhnReader}.
 *
 * <p>Statistics: the standard published values computed over the training set, mean (0.4377, 0.4438, 0.4728),
 * std (0.1980, 0.2010, 0.1970).
 *
 * <p>Files: the root is a .mat file, or holds {@code train_32x32.mat} / {@code test_32x32.mat} of the split(s);
 * the missing ones are fetched.
 *
 * <p>Download: {@code train_32x32.mat} / {@code test_32x32.mat} digests from {@code torchvision/datasets/svhn.py}
 * ({@code split_list}); the files are served by the publisher at ufldl.stanford.edu (https used here).
 */
public final class Svhn implements DataSetDefinition {
    /** The published mean/std. */
    public static final ChannelStats STATS = ChannelStats.published(new float[] {0.4377f, 0.4438f, 0.4728f},
            new float[] {0.1980f, 0.2010f, 0.1970f});

    private static final DownloadSource TRAIN = new DownloadSource("train_32x32.mat",
            "https://ufldl.stanford.edu/housenumbers/train_32x32.mat", "e26dedcc434d2e4c54c9b2d4a06d8373");
    private static final DownloadSource TEST = new DownloadSource("test_32x32.mat",
            "https://ufldl.stanford.edu/housenumbers/test_32x32.mat", "eb5a983be6a315427106f1b164d9cef3");

    @Override public String configName() { return "svhn"; }
    @Override public int channels() { return 3; }
    @Override public int nativeSize() { return 32; }
    @Override public int classes() { return 10; }
    @Override public Optional<ChannelStats> publishedStats() { return Optional.of(STATS); }

    @Override
    public List<DownloadSource> sources(DataSplit split) {
        return List.of(split == DataSplit.TRAIN ? TRAIN : TEST);
    }

    @Override
    public List<String> missing(Path root, List<DataSplit> splits) {
        if (Files.isRegularFile(root)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (DataSplit s : splits) {
            String f = SvhnReader.fileName(s);
            if (!Files.isRegularFile(root.resolve(f))) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public boolean readsDownloadedFileAsRoot() {
        return true;
    }

    @Override
    public LoadedSplit read(Path root, DataSplit split, DataConfig config, int imageSize) throws IOException {
        return LoadedSplit.of(SvhnReader.read(root, split, STATS));
    }
}
