package clel.data.download;

import clel.data.DataSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link DataDownloader} knows of one data set: its name, the files its publisher serves for each split (with
 * their MD5 digests), which of them its reader would miss under a data root, and what to do with them once fetched.
 * The defaults describe a data set without a canonical download whose root must simply exist.
 */
public interface PublisherFiles {
    /** The data set's name in configs and messages, e.g. "cifar10". */
    String configName();

    /**
     * The canonical files needed to read one split (for an archive holding both splits, the archive); empty where
     * there is no canonical public URL.
     */
    default List<DownloadSource> sources(DataSplit split) {
        return List.of();
    }

    /**
     * The files (by {@link DownloadSource#fileName()}) the reader would miss under {@code root} for
     * {@code splits}; empty when everything it needs is present. By default: {@code root} itself when it does not
     * exist.
     */
    default List<String> missing(Path root, List<DataSplit> splits) throws IOException {
        if (Files.exists(root)) {
            return List.of();
        }
        return List.of(root.getFileName() == null ? root.toString() : root.getFileName().toString());
    }

    /**
     * Whether the reader takes a data root that names one of the downloaded files itself (e.g.
     * {@code /data/cifar-10-binary.tar.gz}); then a missing such file is fetched into the root's parent folder.
     */
    default boolean readsDownloadedFileAsRoot() {
        return false;
    }

    /** Why there is no canonical download, e.g. "its files are on Google Drive"; empty when not stated. */
    default String noDownloadReason() {
        return "";
    }

    /**
     * Make the publisher's files in {@code dir} readable once the missing ones were fetched (or found already
     * there), e.g. unpack an archive the reader cannot read itself. By default nothing.
     */
    default void unpack(Path dir) throws IOException {
    }
}
