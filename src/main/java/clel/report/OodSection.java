package clel.report;

import java.util.List;

/**
 * The report's "OOD detection" section: for each result of {@code clel ood} (or {@code clel spark ood}), the AUROC
 * of every out-of-distribution set against the in-distribution set, and its ROC curves and score histograms side by
 * side.
 */
final class OodSection {
    static final String ID = "ood";
    static final String HEADING = "OOD detection";

    private final List<EvalFile> results;

    /** @param results files of kind {@link EvalKind#OOD} */
    OodSection(List<EvalFile> results) {
        this.results = List.copyOf(results);
    }

    boolean isEmpty() {
        return results.isEmpty();
    }

    void render(HtmlPage h) {
        h.element("h2", HEADING, "id", ID);
        h.element("p", "Score s(x) of eq. (14): lower means more in-distribution. AUROC 1 separates the sets perfectly, "
                + "0.5 is chance; the in-distribution set is the positive class, scored by -s(x).", "class", "muted");
        for (EvalFile f : results) {
            EvalTable t = f.table();
            h.element("h3", t.title());
            h.element("p", "eval/" + f.fileName(), "class", "muted");
            if (t.hasTable()) {
                h.table(t.columns(), t.rows());
            }
            if (!t.notes().isEmpty()) {
                h.element("p", t.notes(), "class", "evalnotes");
            }
            if (!f.figures().isEmpty()) {
                h.open("div", "class", "plots");
                f.figures().forEach(fig -> fig.render(h, Figure.MAX_GRID_WIDTH));
                h.close("div");
            }
        }
    }
}
