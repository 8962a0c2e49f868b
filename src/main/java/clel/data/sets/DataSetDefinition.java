package clel.data.sets;

import clel.config.DataConfig;
import clel.data.DataSplit;
import clel.data.download.PublisherFiles;
import clel.data.format.ChannelStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything about one benchmark data set in one place: its config name and aliases, the shape of its images,
 * its published mean/std, its publisher's files and download entries ({@link PublisherFiles}), and how a split
 * is read. Each data set is one class implementing this, registered with one line in {@link DataSets}.
 */
public interface DataSetDefinition extends PublisherFiles {
    /** Other names accepted in {@code data.name} (compared ignoring case, '-' and '_'), e.g. "dtd" for textures. */
    default List<String> aliases() {
        return List.of();
    }

    /** Channels C of the images as stored by the publisher. */
    int channels();

    /** Native side length H = W of the images as read (CelebA: after crop and resize to 64). */
    int nativeSize();

    /** Number of classes (0 for a generic image folder, where it depends on the folder). */
    int classes();

    /**
     * The per-channel mean/std in [0, 1] the networks normalize this data set's input with, as published;
     * empty when they are computed from the images read.
     */
    Optional<ChannelStats> publishedStats();

    /**
     * Whether the train and test splits are different images; false for a set that is the same evaluation
     * images whatever the split (CIFAR-10 interpolation).
     */
    default boolean hasTrainAndTestSplits() {
        return true;
    }

    /**
     * Read one split from {@code root} (the files are present: {@link clel.data.download.DataDownloader} checked).
     *
     * @param config    workers and skip-bad-images of the data section
     * @param imageSize output side length for the readers that resize (folders, CelebA)
     */
    LoadedSplit read(Path root, DataSplit split, DataConfig config, int imageSize) throws IOException;
}
