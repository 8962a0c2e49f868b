package clel.cli;

import clel.report.EvalKind;

/**
 * The kinds of samples {@code clel sample} draws. The kind picks how the samples are drawn, how --classifier judges
 * them (a confusion matrix for {@link #CLASSES}, attribute rates for {@link #COMPOSE}, predicted class counts
 * otherwise) and the title of their eval/NAME.json, by which the report knows class and composition grids.
 */
enum SampleKind {
    /** --mode unconditional: SGLD from noise without a latent. */
    UNCONDITIONAL("Samples: unconditional"),
    /** --mode instance: p(x|z) with z the encoding of each of the first held-out images. */
    INSTANCE("Samples: instance"),
    /** --mode classes: p(x|z-bar) per class of the held-out set (paper Fig. 3c). */
    CLASSES(EvalKind.CLASS_SAMPLES.title()),
    /** --attributes, with --mode compose or --like: eq. (15) over attributes (and the user's images). */
    COMPOSE(EvalKind.COMPOSED_SAMPLES.title()),
    /** --like without --attributes: p(x|z-bar) of the user's own images. */
    LIKE("Samples: like"),
    /** --interpolate: p(x|z) along the slerp between two images' latents. */
    INTERPOLATE("Samples: interpolate");

    private final String title;

    SampleKind(String title) {
        this.title = title;
    }

    /** @return the title of the samples' eval/NAME.json */
    String title() {
        return title;
    }
}
