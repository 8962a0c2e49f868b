package clel.data.sets;

import clel.config.DataConfig;
import clel.data.DataSplit;
import clel.data.format.CelebAReader;
import clel.data.format.ChannelStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CelebA aligned faces (Liu et al., 2015), read by {@link CelebAReader}: center-cropped and resized to the model's
 * image size (64 in the paper), one class, the 40 attributes kept.
 *
 * <p>Statistics: computed from the images read. No canonical download (the publisher's files are on Google Drive,
 * without a stable direct URL): the root must exist.
 */
public final class CelebA implements DataSetDefinition {
    @Override public String configName() { return "celeba"; }
    @Override public int channels() { return 3; }
    @Override public int nativeSize() { return 64; }
    @Override public int classes() { return 1; }
    @Override public Optional<ChannelStats> publishedStats() { return Optional.empty(); }
    @Override public String noDownloadReason() { return "its files are on Google Drive"; }

    @Override
    public LoadedSplit read(Path root, DataSplit split, DataConfig config, int imageSize) throws IOException {
        return LoadedSplit.of(CelebAReader.builder(root).split(split).outputSize(imageSize).threads(config.workers())
                .maxImagePixels(config.maxImagePixels()).build().read());
    }
}
