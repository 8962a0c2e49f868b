package clel.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation results a person looks for first, each in a section of its own whenever the run folder holds them:
 * conditional samples ({@link ConditionalSamplesSection}), OOD detection ({@link OodSection}) and what the latents
 * know ({@link FactorSection}). Everything else in RUN/eval/ stays for the report's general "Evaluations" section.
 */
final class FeaturedEvaluations {
    private final ConditionalSamplesSection conditional;
    private final OodSection ood;
    private final FactorSection factors;
    private final List<EvalFile> rest;
    private final List<Figure> otherPlots;

    private FeaturedEvaluations(ConditionalSamplesSection conditional, OodSection ood, FactorSection factors,
                                List<EvalFile> rest, List<Figure> otherPlots) {
        this.conditional = conditional;
        this.ood = ood;
        this.factors = factors;
        this.rest = List.copyOf(rest);
        this.otherPlots = List.copyOf(otherPlots);
    }

    /** Sorts the files of RUN/eval/ into the featured sections and the rest. */
    static FeaturedEvaluations of(EvalFolder folder) {
        List<EvalFile> samples = new ArrayList<>();
        List<EvalFile> judged = new ArrayList<>();
        List<EvalFile> ood = new ArrayList<>();
        List<EvalFile> factors = new ArrayList<>();
        List<EvalFile> representations = new ArrayList<>();
        List<EvalFile> rest = new ArrayList<>();
        for (EvalFile f : folder.files()) {
            switch (f.kind()) {
                case CLASS_SAMPLES, COMPOSED_SAMPLES -> samples.add(f);
                case CLASS_JUDGED, COMPOSE_JUDGED -> judged.add(f);
                case OOD -> ood.add(f);
                case FACTORS -> factors.add(f);
                case REPRESENTATIONS -> representations.add(f);
                default -> rest.add(f);
            }
        }
        List<Figure> experimentGrids = new ArrayList<>();
        List<Figure> other = new ArrayList<>();
        for (Figure f : folder.plots()) {
            (f.caption().startsWith(EvalFolder.caption(ComparisonPage.EVALUATION_GRID_PREFIX)) ? experimentGrids : other)
                    .add(f);
        }
        return new FeaturedEvaluations(new ConditionalSamplesSection(samples, judged, experimentGrids),
                new OodSection(ood), new FactorSection(factors, representations), rest, other);
    }

    /** Anchor and title of each section present, for the page's navigation. */
    List<String[]> links() {
        List<String[]> out = new ArrayList<>();
        if (!conditional.isEmpty()) {
            out.add(new String[] {"#" + ConditionalSamplesSection.ID, ConditionalSamplesSection.HEADING});
        }
        if (!ood.isEmpty()) {
            out.add(new String[] {"#" + OodSection.ID, OodSection.HEADING});
        }
        if (!factors.isEmpty()) {
            out.add(new String[] {"#" + FactorSection.ID, FactorSection.HEADING});
        }
        return out;
    }

    /** The sections present, in the order of {@link #links}. */
    void render(HtmlPage h) {
        if (!conditional.isEmpty()) {
            conditional.render(h);
        }
        if (!ood.isEmpty()) {
            ood.render(h);
        }
        if (!factors.isEmpty()) {
            factors.render(h);
        }
    }

    /** The files of RUN/eval/ that no featured section shows. */
    List<EvalFile> rest() {
        return rest;
    }

    /** The images of RUN/eval/ that no file names and no featured section shows. */
    List<Figure> otherPlots() {
        return otherPlots;
    }
}
