package clel.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The style sheets of the report pages, kept as resources next to this class (clel/report/*.css) and written inline
 * into each page's head ({@link HtmlPage#head}), so that a page needs no file besides itself.
 */
enum StyleSheet {
    /** What every page uses: layout, headings, tables, figures, the notes. */
    PAGE("page.css"),
    /** The sections of {@link FeaturedEvaluations}: labelled sample grids, judged samples, probe tables. */
    FEATURED_EVALUATIONS("featured-evaluations.css"),
    /** What only {@link ComparisonPage} adds: the groups of runs. */
    COMPARISON("comparison.css");

    private final String rules;

    StyleSheet(String resource) {
        try (InputStream in = StyleSheet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("clel/report/" + resource + " is missing from the class path");
            }
            rules = new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException("clel/report/" + resource + ": cannot read", e);
        }
    }

    /** The rules of the given sheets, one after the other, a line break between two sheets. */
    static String of(StyleSheet... sheets) {
        return Arrays.stream(sheets).map(s -> s.rules).collect(Collectors.joining("\n"));
    }
}
