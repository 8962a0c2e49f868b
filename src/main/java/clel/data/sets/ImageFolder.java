package clel.data.sets;

import clel.config.DataConfig;
import clel.data.DataSplit;
import clel.data.format.ChannelStats;
import clel.data.format.CropMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Any image folder in torchvision's ImageFolder layout (one sub-folder per class, optionally {@code train/} and
 * {@code test/}, or a .zip of it), read by {@link clel.data.format.ImageFolderReader} with resize-shorter-side and
 * center crop; e.g. the JPEG copy of CIFAR-10.
 *
 * <p>Statistics: computed from the images read. No download: the root must exist.
 */
public final class ImageFolder implements DataSetDefinition {
    @Override public String configName() { return "folder"; }
    @Override public List<String> aliases() { return List.of("imagefolder"); }
    @Override public int channels() { return 3; }
    @Override public int nativeSize() { return 32; }
    @Override public int classes() { return 0; }
    @Override public Optional<ChannelStats> publishedStats() { return Optional.empty(); }

    @Override
    public LoadedSplit read(Path root, DataSplit split, DataConfig config, int imageSize) throws IOException {
        return LoadedSplit.readFolder(root, split, config, imageSize, CropMode.RESIZE_SHORTER_CENTER_CROP, configName());
    }
}
