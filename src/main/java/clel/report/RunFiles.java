package clel.report;

import clel.io.BoundedLines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The files of one run folder as the report reads them: only files inside the folder (a symbolic link to a file
 * elsewhere is left out with a note, so that a report never shows what a link in a run points to), text in bounded
 * amounts (train.log's lines cut to {@link BoundedLines#MAX_LINE} characters, config.yaml to {@link #MAX_TEXT_BYTES}),
 * images within {@link Figure}'s limit. Problems become lines in the report's notes.
 */
final class RunFiles {
    /** How much of a text file (config.yaml, a few kilobytes when clel writes it) the page shows. */
    static final int MAX_TEXT_BYTES = 1 << 20;

    private final Path runDir;
    private final List<String> notes;
    private int embedded;

    /**
     * @param runDir the run folder, absolute and normalized
     * @param notes  where problems are added
     */
    RunFiles(Path runDir, List<String> notes) {
        this.runDir = runDir;
        this.notes = notes;
    }

    /** Images embedded so far. */
    int embedded() {
        return embedded;
    }

    /** The file's name as the page shows it: relative to the run folder. */
    String shown(Path file) {
        return runDir.relativize(file.toAbsolutePath().normalize()).toString();
    }

    /** Reads an image for embedding; a problem is added to {@code problems} and gives empty. */
    Optional<Figure> image(Path file, String caption, List<String> problems) {
        String shown = shown(file);
        if (outsideRun(file, problems)) {
            return Optional.empty();
        }
        Optional<Figure> f = Figure.read(file, caption, shown, problems);
        if (f.isPresent()) {
            embedded++;
        }
        return f;
    }

    /** The last {@code count} lines of a log of the run, or null (with a note) when it is missing or unreadable. */
    BoundedLines.Tail logTail(Path file, int count) {
        if (!Files.isRegularFile(file)) {
            notes.add("no " + shown(file) + " in the run folder");
            return null;
        }
        if (outsideRun(file, notes)) {
            return null;
        }
        try {
            return BoundedLines.tail(file, count, BoundedLines.MAX_LINE);
        } catch (IOException e) {
            notes.add(file + ": cannot read (" + e.getMessage() + ")");
            return null;
        }
    }

    /** A text file of the run, at most {@link #MAX_TEXT_BYTES} of it; null (with {@code missingNote}) when missing. */
    String text(Path file, String missingNote) {
        if (!Files.isRegularFile(file)) {
            notes.add(missingNote);
            return null;
        }
        if (outsideRun(file, notes)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return BoundedLines.head(in, MAX_TEXT_BYTES);
        } catch (IOException e) {
            notes.add(file + ": cannot read (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * Whether {@code file} is, once symbolic links are followed, outside the run folder; then a line in
     * {@code problems} says so.
     */
    boolean outsideRun(Path file, List<String> problems) {
        try {
            Path real = file.toRealPath();
            if (real.startsWith(runDir.toRealPath())) {
                return false;
            }
            problems.add(shown(file) + ": a link to " + real + ", outside the run folder; not shown");
        } catch (IOException e) {
            problems.add(shown(file) + ": cannot be followed (" + e.getMessage() + "); not shown");
        }
        return true;
    }
}
