package clel.data.sets;

import clel.config.DataConfig;
import clel.data.DataSplit;
import clel.data.format.ChannelStats;
import clel.data.format.CropMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * ImageNet 32x32 (Chrabaszcz et al., 2017) exported as an image folder (one sub-folder per class, 1000 classes),
 * read by {@link clel.data.format.ImageFolderReader} with resize-shorter-side and center crop.
 *
 * <p>Statistics: the standard ImageNet values mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225). (The folder
 * reader attaches the statistics of the images read, as before this class existed.) No canonical download (it
 * needs an image-net.org account): the root must exist.
 */
public final class ImageNet32 implements DataSetDefinition {
    /** The published mean/std. */
    public static final ChannelStats STATS = ChannelStats.published(new float[] {0.485f, 0.456f, 0.406f},
            new float[] {0.229f, 0.224f, 0.225f});

    @Override public String configName() { return "imagenet32"; }
    @Override public int channels() { return 3; }
    @Override public int nativeSize() { return 32; }
    @Override public int classes() { return 1000; }
    @Override public Optional<ChannelStats> publishedStats() { return Optional.of(STATS); }
    @Override public String noDownloadReason() { return "it needs an image-net.org account"; }

    @Override
    public LoadedSplit read(Path root, DataSplit split, DataConfig config, int imageSize) throws IOException {
        return LoadedSplit.readFolder(root, split, config, imageSize, CropMode.RESIZE_SHORTER_CENTER_CROP, configName());
    }
}
