package clel.report;

import java.util.List;
import java.util.Locale;

/**
 * The report's "What the latents know" section: the per-factor probe table of {@code clel analyze} (linear-probe and
 * k-NN accuracy of z and of g(f(x)) for the class and each attribute, with chance), each accuracy shaded by how far
 * it is above chance, then the representation measures with the cosine-similarity histograms.
 */
final class FactorSection {
    static final String ID = "factors";
    static final String HEADING = "What the latents know";
    /** Shades of the accuracy cells, from at chance (0) to perfect (4). */
    static final int SHADES = 5;
    /** The probe table's columns before the accuracies: factor, values, chance. */
    private static final int CHANCE_COLUMN = 2;

    private final List<EvalFile> factors;
    private final List<EvalFile> representations;

    /**
     * @param factors         files of kind {@link EvalKind#FACTORS}
     * @param representations files of kind {@link EvalKind#REPRESENTATIONS}
     */
    FactorSection(List<EvalFile> factors, List<EvalFile> representations) {
        this.factors = List.copyOf(factors);
        this.representations = List.copyOf(representations);
    }

    boolean isEmpty() {
        return factors.isEmpty() && representations.isEmpty();
    }

    void render(HtmlPage h) {
        h.element("h2", HEADING, "id", ID);
        for (EvalFile f : factors) {
            EvalTable t = f.table();
            h.element("h3", "Per factor of the data: probes on z and on g(f(x))");
            h.element("p", t.notes().isEmpty() ? "eval/" + f.fileName() : t.notes() + " (eval/" + f.fileName() + ")",
                    "class", "muted");
            probeTable(h, t);
            h.element("p", "Shading: how far an accuracy is above chance, from none (at or below chance) to the darkest "
                    + "(perfect).", "class", "muted");
        }
        for (EvalFile f : representations) {
            EvalTable t = f.table();
            h.element("h3", t.title());
            h.element("p", t.notes().isEmpty() ? "eval/" + f.fileName() : t.notes() + " (eval/" + f.fileName() + ")",
                    "class", "muted");
            if (t.hasTable()) {
                h.table(t.columns(), t.rows());
            }
            if (!f.figures().isEmpty()) {
                h.open("div", "class", "plots");
                f.figures().forEach(fig -> fig.render(h, Figure.MAX_GRID_WIDTH));
                h.close("div");
            }
        }
    }

    private static void probeTable(HtmlPage h, EvalTable t) {
        h.open("div", "class", "scroll").open("table", "class", "probes").open("tr");
        for (String c : t.columns()) {
            h.element("th", c);
        }
        h.close("tr");
        for (List<String> row : t.rows()) {
            double chance = row.size() > CHANCE_COLUMN ? parse(row.get(CHANCE_COLUMN)) : Double.NaN;
            h.open("tr");
            for (int c = 0; c < Math.max(row.size(), t.columns().size()); c++) {
                String cell = c < row.size() ? row.get(c) : "";
                if (c == 0) {
                    h.element("th", cell);
                } else if (c > CHANCE_COLUMN) {
                    h.element("td", cell, "class", "num shade" + shade(parse(cell), chance));
                } else if (HtmlPage.isNumeric(cell)) {
                    h.element("td", cell, "class", "num");
                } else {
                    h.element("td", cell);
                }
            }
            h.close("tr");
        }
        h.close("table").close("div");
    }

    /** 0 at or below chance (or unknown), {@code SHADES - 1} at accuracy 1. */
    static int shade(double accuracy, double chance) {
        if (!Double.isFinite(accuracy) || !Double.isFinite(chance) || chance >= 1 || accuracy <= chance) {
            return 0;
        }
        double skill = Math.min(1, (accuracy - chance) / (1 - chance));
        return Math.max(1, (int) Math.round(skill * (SHADES - 1)));
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.trim().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
