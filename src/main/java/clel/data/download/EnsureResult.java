package clel.data.download;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link DataDownloader#ensure} did.
 *
 * @param root       the path to hand to the data set's reader (the data root as given)
 * @param downloaded the files fetched (verified) by this call, in order; empty when everything was present
 */
public record EnsureResult(Path root, List<Path> downloaded) {
    public EnsureResult {
        if (root == null) {
            throw new IllegalArgumentException("ensure result: root is null");
        }
        downloaded = List.copyOf(downloaded);
    }
}
