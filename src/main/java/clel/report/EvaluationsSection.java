package clel.report;

import java.util.List;

/**
 * The run report's "Evaluations" section: the results in RUN/eval/ that no featured section shows
 * ({@link FeaturedEvaluations}), each JSON file as a table with its notes and images, then the other plots.
 */
final class EvaluationsSection {
    static final String ID = "evaluations";
    static final String HEADING = "Evaluations";

    private final List<EvalFile> files;
    private final List<Figure> otherPlots;

    /**
     * @param files      the JSON files no featured section shows
     * @param otherPlots the images that no file names and no featured section shows
     */
    EvaluationsSection(List<EvalFile> files, List<Figure> otherPlots) {
        this.files = List.copyOf(files);
        this.otherPlots = List.copyOf(otherPlots);
    }

    void render(HtmlPage h) {
        h.element("h2", HEADING, "id", ID);
        if (files.isEmpty() && otherPlots.isEmpty()) {
            h.element("p", "No further evaluation results (eval/*.json, eval/*.png).", "class", "muted");
            return;
        }
        files.forEach(e -> file(h, e));
        if (!otherPlots.isEmpty()) {
            h.element("h3", "Other plots in eval/");
            plots(h, otherPlots);
        }
    }

    private static void file(HtmlPage h, EvalFile e) {
        if (e.table() == null) {
            h.element("h3", e.fileName());
            h.element("p", "Could not be read: " + e.error(), "class", "muted");
            return;
        }
        EvalTable t = e.table();
        h.element("h3", t.title());
        h.element("p", "eval/" + e.fileName(), "class", "muted");
        if (!t.notes().isEmpty()) {
            h.element("p", t.notes(), "class", "evalnotes");
        }
        if (t.hasTable()) {
            h.table(t.columns(), t.rows());
        } else {
            h.element("p", "(no table)", "class", "muted");
        }
        for (String p : e.problems()) {
            h.element("p", "Note: " + p, "class", "muted");
        }
        if (!e.figures().isEmpty()) {
            plots(h, e.figures());
        }
    }

    private static void plots(HtmlPage h, List<Figure> figures) {
        h.open("div", "class", "plots");
        figures.forEach(f -> f.render(h, Figure.MAX_GRID_WIDTH));
        h.close("div");
    }
}
