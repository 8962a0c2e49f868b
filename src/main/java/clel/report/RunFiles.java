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
 * images within {@link Figure}'s limit, metrics.jsonl as a {@link MetricsLog}. Problems become lines in the report's
 * notes.
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

    /**
     * The run's metrics log, or null (with a note) when it is missing or unreadable. Skipped lines, lines replaced by a
     * later one for the same iteration, and a log without a readable line are notes too.
     */
    MetricsLog metrics(Path file) {
        String name = shown(file);
        if (!Files.isRegularFile(file)) {
            notes.add("no " + name + " yet: no training curves or losses");
            return null;
        }
        if (outsideRun(file, notes)) {
            return null;
        }
        MetricsLog log;
        try {
            log = MetricsLog.read(file);
        } catch (IOException e) {
            notes.add(FirstLine.of(e.getMessage()));
            return null;
        }
        if (!log.malformed().isEmpty()) {
            notes.add(malformedNote(name, log.malformed()));
        }
        if (log.superseded() > 0) {
            notes.add(name + ": " + log.superseded() + " line" + (log.superseded() == 1 ? " was" : "s were")
                    + " replaced by a later line for the same iteration (resumed run or divergence rollback)");
        }
        if (log.records().isEmpty()) {
            notes.add(name + ": no readable lines yet");
        }
        return log;
    }

    /** One line naming the first ten skipped lines of a log and why each was skipped. */
    private static String malformedNote(String name, List<MalformedLine> malformed) {
        int n = malformed.size();
        StringBuilder b = new StringBuilder(name + ": skipped " + n + " malformed line" + (n == 1 ? "" : "s") + ": ");
        int shown = Math.min(n, 10);
        for (int i = 0; i < shown; i++) {
            MalformedLine m = malformed.get(i);
            b.append(i > 0 ? "; " : "").append("line ").append(m.lineNumber()).append(" (").append(m.reason())
                    .append(')');
        }
        if (n > shown) {
            b.append("; and ").append(n - shown).append(" more");
        }
        return b.toString();
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
