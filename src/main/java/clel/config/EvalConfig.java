package clel.config;

import clel.data.DataSplit;

/**
 * Evaluation during training (the public code evaluates the replay buffer's FID every 2,000 iterations and
 * keeps the best checkpoint). YAML section {@code eval}.
 *
 * @param every      iterations between evaluations, and one at the end of the run (0 = never; default 0)
 * @param classifier feature extractor: a classifier file from "clel classifier train" (the FD-&lt;classifier&gt;
 *                   score), or "auto" for the data set's default classifier, trained once and cached (default "")
 * @param inception  feature extractor: the FID Inception network, NVIDIA's TorchScript inception-2015-12-05.pt
 *                   (the FID score; default ""). With eval.every &gt; 0 exactly one of the two is set.
 * @param samples    replay-buffer chains scored (default 1000; at most {@link #MAX_IMAGES})
 * @param reference  images of the reference split for the reference statistics (default 5000; at most
 *                   {@link #MAX_IMAGES})
 * @param referenceSplit the split the reference statistics come from: test (the public code's train.py scores its
 *                   buffer against the test split; default) or train. The floor of the score
 *                   ({@link clel.evaluation.FrechetBounds}) uses images of the other split.
 */
public record EvalConfig(int every, String classifier, String inception, int samples, int reference,
                         DataSplit referenceSplit) {
    /** The value of eval.classifier that asks for the data set's default classifier. */
    public static final String AUTO = "auto";
    /** Most images eval.samples and eval.reference may ask for (the paper's FID uses 50,000). */
    public static final int MAX_IMAGES = 1_000_000;

    /**
     * Validates the settings; a {@link ConfigException} names the first invalid one.
     *
     * @param every      iterations between evaluations, and one at the end of the run (0 = never; default 0)
     * @param classifier feature extractor: a classifier file from "clel classifier train" (the FD-&lt;classifier&gt;
     *                   score), or "auto" for the data set's default classifier, trained once and cached (default "")
     * @param inception  feature extractor: the FID Inception network, NVIDIA's TorchScript inception-2015-12-05.pt
     *                   (the FID score; default ""). With eval.every &gt; 0 exactly one of the two is set.
     * @param samples    replay-buffer chains scored (default 1000; at most {@link #MAX_IMAGES})
     * @param reference  images of the reference split for the reference statistics (default 5000; at most
     *                   {@link #MAX_IMAGES})
     * @param referenceSplit the split the reference statistics come from: test (the public code's train.py scores its
     *                       buffer against the test split; default) or train. The floor of the score
     *                       ({@link clel.evaluation.FrechetBounds}) uses images of the other split.
     */
    public EvalConfig {
        Checks.nonNegative("eval.every", every);
        Checks.notNull("eval.classifier", classifier);
        Checks.notNull("eval.inception", inception);
        if (every > 0 && classifier.isBlank() == inception.isBlank()) {
            throw new ConfigException("eval.every is " + every + ": set exactly one of eval.classifier (a file from "
                    + "'clel classifier train') and eval.inception (inception-2015-12-05.pt); got "
                    + (classifier.isBlank() ? "neither" : "both"));
        }
        Checks.notNull("eval.reference_split", referenceSplit);
        if (samples < 2 || reference < 2) {
            throw new ConfigException("eval.samples and eval.reference must be at least 2, got " + samples + " and " + reference);
        }
        Checks.range("eval.samples", samples, 2, MAX_IMAGES);
        Checks.range("eval.reference", reference, 2, MAX_IMAGES);
    }

    /** @return whether the run evaluates in the FID Inception network's features (eval.every &gt; 0, eval.inception set) */
    public boolean usesInception() {
        return every > 0 && !inception.isBlank();
    }

    /**
     * @param file the FID Inception network's file
     * @return the same evaluation with eval.inception replaced by {@code file}
     */
    public EvalConfig withInception(String file) {
        return new EvalConfig(every, classifier, file, samples, reference, referenceSplit);
    }
}
