package clel.report;

import java.util.Objects;

/**
 * A metrics.jsonl line that could not be read and was skipped.
 *
 * @param lineNumber 1-based line number in the file
 * @param reason     what is wrong, one line
 */
public record MalformedLine(long lineNumber, String reason) {
    public MalformedLine {
        if (lineNumber < 1) {
            throw new IllegalArgumentException("malformed line: line number must be >= 1, got " + lineNumber);
        }
        Objects.requireNonNull(reason, "reason");
    }
}
