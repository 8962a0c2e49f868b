package clel.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The report's "Conditional samples" section: the class-conditional grids of {@code clel sample --mode classes} with
 * each row named by its class, the compositional grids of {@code --mode compose} (eq. 15) named by their attributes,
 * each with what the external classifier found in it (the confusion matrix with its diagonal marked, the rate of
 * each attribute) when {@code --classifier} judged it, and the grids an experiment's evaluation wrote
 * (RUN/eval/experiment-*.png).
 */
final class ConditionalSamplesSection {
    /** The section's anchor and heading. */
    static final String ID = "conditional";
    static final String HEADING = "Conditional samples";
    private static final String ROWS_PREFIX = "one row per class: ";
    private static final String COMPOSE_PREFIX = " for ";

    private final List<EvalFile> samples;
    private final List<EvalFile> judged;
    private final List<Figure> experimentGrids;

    /**
     * @param samples         files of kind {@link EvalKind#CLASS_SAMPLES} or {@link EvalKind#COMPOSED_SAMPLES}
     * @param judged          files of kind {@link EvalKind#CLASS_JUDGED} or {@link EvalKind#COMPOSE_JUDGED}
     * @param experimentGrids RUN/eval/experiment-*.png
     */
    ConditionalSamplesSection(List<EvalFile> samples, List<EvalFile> judged, List<Figure> experimentGrids) {
        this.samples = List.copyOf(samples);
        this.judged = List.copyOf(judged);
        this.experimentGrids = List.copyOf(experimentGrids);
    }

    boolean isEmpty() {
        return samples.isEmpty() && judged.isEmpty() && experimentGrids.isEmpty();
    }

    void render(HtmlPage h) {
        h.element("h2", HEADING, "id", ID);
        h.element("p", "Samples drawn from noise by SGLD on the energy conditioned on a class's mean latent z-bar, or on "
                + "the sum of the energies of several attributes (eq. 15).", "class", "muted");
        List<EvalFile> shownJudged = new ArrayList<>();
        for (EvalFile s : samples) {
            Optional<EvalFile> j = judgeOf(s);
            j.ifPresent(shownJudged::add);
            if (s.kind() == EvalKind.CLASS_SAMPLES) {
                classes(h, s, j);
            } else {
                composition(h, s, j);
            }
        }
        for (EvalFile j : judged) {
            if (!shownJudged.contains(j)) { // its grid's own file is not in the folder
                h.element("h3", j.kind() == EvalKind.CLASS_JUDGED ? "Class-conditional samples" : "Composition");
                h.open("div", "class", "grids");
                j.figures().forEach(f -> f.render(h, Figure.MAX_GRID_WIDTH));
                h.open("div");
                judgement(h, j);
                h.close("div");
                h.close("div");
            }
        }
        if (!experimentGrids.isEmpty()) {
            h.element("h3", "Grids of the experiment's evaluation");
            h.open("div", "class", "grids");
            experimentGrids.forEach(f -> f.render(h, Figure.MAX_GRID_WIDTH));
            h.close("div");
        }
    }

    /** The judged file that names the same grid as {@code s}. */
    private Optional<EvalFile> judgeOf(EvalFile s) {
        return judged.stream().filter(j -> j.table().images().stream().anyMatch(s.table().images()::contains)).findFirst();
    }

    private static void classes(HtmlPage h, EvalFile s, Optional<EvalFile> judged) {
        h.element("h3", "Class-conditional samples");
        settings(h, s);
        String what = firstCell(s.table());
        int at = what.indexOf(ROWS_PREFIX);
        List<String> classes = at < 0 ? List.of() : List.of(what.substring(at + ROWS_PREFIX.length()).split(", "));
        h.open("div", "class", "grids");
        for (Figure f : s.figures()) {
            labelledGrid(h, f, classes);
        }
        if (judged.isPresent()) {
            h.open("div");
            judgement(h, judged.get());
            h.close("div");
        }
        h.close("div");
        if (classes.isEmpty() && !what.isEmpty()) {
            h.element("p", what, "class", "muted");
        }
    }

    private static void composition(HtmlPage h, EvalFile s, Optional<EvalFile> judged) {
        String what = firstCell(s.table());
        int at = what.lastIndexOf(COMPOSE_PREFIX);
        h.element("h3", at < 0 ? "Composition" : "Composition: " + what.substring(at + COMPOSE_PREFIX.length()));
        settings(h, s);
        h.open("div", "class", "grids");
        s.figures().forEach(f -> f.render(h, Figure.MAX_GRID_WIDTH));
        if (judged.isPresent()) {
            h.open("div");
            judgement(h, judged.get());
            h.close("div");
        }
        h.close("div");
    }

    /** The grid with one label per row on its left (the grid's rows are the classes, top to bottom). */
    private static void labelledGrid(HtmlPage h, Figure f, List<String> rows) {
        if (rows.isEmpty()) {
            f.render(h, Figure.MAX_GRID_WIDTH);
            return;
        }
        int shownHeight = f.height() * f.scale(Figure.MAX_GRID_WIDTH);
        h.open("div", "class", "labelled");
        h.open("div", "class", "rowlabels");
        for (String r : rows) {
            h.element("div", r, "style", String.format(Locale.ROOT, "height:%.2fpx;line-height:%.2fpx",
                    shownHeight / (double) rows.size(), shownHeight / (double) rows.size()));
        }
        h.close("div");
        f.render(h, Figure.MAX_GRID_WIDTH);
        h.close("div");
    }

    /** What the external classifier found: the confusion matrix (diagonal marked) or the attribute rates. */
    private static void judgement(HtmlPage h, EvalFile j) {
        EvalTable t = j.table();
        h.element("p", t.title(), "class", "judged");
        if (j.kind() == EvalKind.CLASS_JUDGED && t.columns().size() == t.rows().size() + 1) {
            confusion(h, t);
        } else if (t.hasTable()) {
            h.table(t.columns(), t.rows());
        }
        if (!t.notes().isEmpty()) {
            h.element("p", t.notes(), "class", "muted");
        }
        h.element("p", "eval/" + j.fileName(), "class", "muted");
    }

    /** A square confusion matrix whose diagonal (samples predicted as the class that conditioned them) is marked. */
    private static void confusion(HtmlPage h, EvalTable t) {
        h.open("div", "class", "scroll").open("table", "class", "confusion").open("tr");
        for (String c : t.columns()) {
            h.element("th", c);
        }
        h.close("tr");
        for (int r = 0; r < t.rows().size(); r++) {
            List<String> row = t.rows().get(r);
            h.open("tr");
            h.element("th", row.isEmpty() ? "" : row.get(0));
            for (int c = 1; c < t.columns().size(); c++) {
                String cell = c < row.size() ? row.get(c) : "";
                h.element("td", cell, "class", c - 1 == r ? "num hit" : "num");
            }
            h.close("tr");
        }
        h.close("table").close("div");
    }

    /** SGLD steps, beta, weights and time of a samples file, in one line. */
    private static void settings(HtmlPage h, EvalFile s) {
        EvalTable t = s.table();
        List<String> parts = new ArrayList<>();
        List<String> row = t.rows().isEmpty() ? List.of() : t.rows().get(0);
        for (int c = 1; c < Math.min(t.columns().size(), row.size()); c++) {
            parts.add(t.columns().get(c) + " " + row.get(c));
        }
        parts.add("eval/" + s.fileName());
        h.element("p", String.join(" \u00b7 ", parts), "class", "muted");
    }

    private static String firstCell(EvalTable t) {
        return t.rows().isEmpty() || t.rows().get(0).isEmpty() ? "" : t.rows().get(0).get(0);
    }
}
