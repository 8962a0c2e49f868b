package clel.recovery;

import java.nio.file.Path;

/**
 * What {@link RunFolderRepair#dropLinesAfter} did to one iteration log.
 *
 * @param file        the log
 * @param kept        lines kept
 * @param dropped     lines removed because their "iteration" is past the resumed one
 * @param partialLine whether an unfinished last line (a write cut short by a crash) was removed
 */
public record LogTruncation(Path file, int kept, int dropped, boolean partialLine) {

    /** Whether the file was rewritten. */
    public boolean changed() {
        return dropped > 0 || partialLine;
    }
}
