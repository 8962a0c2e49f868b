package clel.report;

import java.util.List;

/**
 * An eval/*.json file of a run as the report shows it.
 *
 * @param fileName its name in eval/
 * @param table    its table, or null when it could not be read
 * @param error    why it could not be read (when {@code table} is null)
 * @param figures  its images, embedded
 * @param problems what is wrong with it (missing images, short rows), also listed in the page's notes
 */
record EvalFile(String fileName, EvalTable table, String error, List<Figure> figures, List<String> problems) {
    EvalFile {
        figures = List.copyOf(figures);
        problems = List.copyOf(problems);
    }

    /** What the file holds, by its title ({@link EvalKind#OTHER} when unreadable). */
    EvalKind kind() {
        return table == null ? EvalKind.OTHER : EvalKind.of(table.title());
    }
}
