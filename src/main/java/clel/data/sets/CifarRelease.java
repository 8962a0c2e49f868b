package clel.data.sets;

import clel.data.DataSplit;
import clel.data.download.DownloadSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One CIFAR binary release as it may lie under a data root: the archive, the folder it extracts to, and one file
 * of each split. The reader finds it when the root is the archive itself, or holds the archive, the extracted
 * folder, or the split's batch files; otherwise the archive is missing.
 *
 * @param archive   the publisher's .tar.gz with its digest
 * @param folder    the folder the archive extracts to, e.g. {@code cifar-10-batches-bin}
 * @param trainFile a file of the train split in that folder, e.g. {@code data_batch_1.bin}
 * @param testFile  the file of the test split, e.g. {@code test_batch.bin}
 */
record CifarRelease(DownloadSource archive, String folder, String trainFile, String testFile) {
    /** The archive's name when the reader would not find the release under {@code root} for {@code splits}. */
    List<String> missing(Path root, List<DataSplit> splits) {
        return present(root, splits) ? List.of() : List.of(archive.fileName());
    }

    private boolean present(Path root, List<DataSplit> splits) {
        if (Files.isRegularFile(root)) {
            return true;
        }
        if (Files.isDirectory(root.resolve(folder)) || Files.isRegularFile(root.resolve(archive.fileName()))) {
            return true;
        }
        for (DataSplit s : splits) {
            if (!Files.isRegularFile(root.resolve(s == DataSplit.TRAIN ? trainFile : testFile))) {
                return false;
            }
        }
        return Files.isDirectory(root);
    }
}
