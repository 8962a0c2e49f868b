package clel.report;

import clel.io.BoundedLines;
import clel.run.RunFolder;
import java.nio.file.Path;

/** The run report's last section: the end of train.log, the training's console lines with their times. */
final class LogSection {
    static final String ID = "log";
    static final String HEADING = RunFolder.LOG;
    /** Lines of train.log shown. */
    static final int LINES = 30;

    private final BoundedLines.Tail tail;

    private LogSection(BoundedLines.Tail tail) {
        this.tail = tail;
    }

    /** Reads the end of RUN/train.log; a missing or unreadable log is a note of {@code files}. */
    static LogSection read(Path runDir, RunFiles files) {
        return new LogSection(files.logTail(runDir.resolve(RunFolder.LOG), LINES));
    }

    void render(HtmlPage h) {
        h.element("h2", HEADING, "id", ID);
        if (tail == null) {
            h.element("p", "No " + RunFolder.LOG + " (see Notes).", "class", "muted");
            return;
        }
        if (tail.total() == 0) {
            h.element("p", RunFolder.LOG + " is empty.", "class", "muted");
            return;
        }
        h.element("p", tail.total() <= LINES ? "All " + tail.total() + " lines:"
                : "Last " + tail.lines().size() + " of " + tail.total() + " lines:", "class", "muted");
        h.element("pre", String.join("\n", tail.lines()));
    }
}
