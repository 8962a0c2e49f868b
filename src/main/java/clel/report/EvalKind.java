package clel.report;

/**
 * What an eval/*.json file holds, known by the start of its title, which the command that writes it takes from here:
 * the report shows these in sections of their own ({@link FeaturedEvaluations}).
 */
public enum EvalKind {
    /** {@code clel sample --mode classes}: one grid row per class. */
    CLASS_SAMPLES("Samples: classes"),
    /** {@code clel sample --mode compose}: samples of eq. (15) for a set of attributes. */
    COMPOSED_SAMPLES("Samples: compose"),
    /** {@code clel sample --mode classes --classifier}: the confusion matrix of the class-conditional samples. */
    CLASS_JUDGED("Class-conditional samples judged by "),
    /** {@code clel sample --mode compose --classifier}: the share of samples that has each attribute. */
    COMPOSE_JUDGED("Compositional samples judged by "),
    /** {@code clel ood} and {@code clel spark ood}: AUROC per OOD set, the ROC curves and score histograms. */
    OOD("OOD detection"),
    /** {@code clel analyze}: linear-probe and k-NN accuracy of z and g(f(x)) per factor of the data. */
    FACTORS("What the latents know, per factor"),
    /** {@code clel analyze}: k-NN accuracy and mean pairwise cosines, with the cosine histograms. */
    REPRESENTATIONS("Representations"),
    /** Anything else: shown as a table under "Evaluations". */
    OTHER("");

    private final String title;

    EvalKind(String title) {
        this.title = title;
    }

    /** The start of the title of such a file (empty for {@link #OTHER}). */
    public String title() {
        return title;
    }

    /** The kind of a file with this title. */
    static EvalKind of(String title) {
        for (EvalKind k : values()) {
            if (k != OTHER && title.startsWith(k.title) && wordEnds(title, k.title.length())) {
                return k;
            }
        }
        return OTHER;
    }

    /** Whether position {@code i} of {@code s} is not inside a word ("Samples: classes" is not "Samples: classesX"). */
    private static boolean wordEnds(String s, int i) {
        return i == s.length() || !Character.isLetterOrDigit(s.charAt(i)) || !Character.isLetterOrDigit(s.charAt(i - 1));
    }
}
