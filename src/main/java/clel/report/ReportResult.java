package clel.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link RunReport#write} produced.
 *
 * @param html           the page written
 * @param curves         training-curve PNGs written to RUN/report/
 * @param embeddedImages number of images embedded in the page as data URIs
 * @param notes          problems found in the run folder and shown in the page's Notes section (each one line)
 */
public record ReportResult(Path html, List<Path> curves, int embeddedImages, List<String> notes) {
    public ReportResult {
        Objects.requireNonNull(html, "html");
        curves = List.copyOf(curves);
        notes = List.copyOf(notes);
        if (embeddedImages < 0) {
            throw new IllegalArgumentException("report result: embeddedImages must be >= 0, got " + embeddedImages);
        }
    }
}
