package clel.config;

/**
 * Evaluation during training (the public code evaluates the replay buffer's FID every 2,000 iterations and
 * keeps the best checkpoint). YAML section {@code eval}.
 *
 * @param every      iterations between evaluations (0 = never; default 0)
 * @param classifier feature extractor: a classifier file from "clel classifier train" (the FD-&lt;classifier&gt;
 *                   score; the Inception network behind FID is not available offline)
 * @param samples    replay-buffer chains scored (default 1000)
 * @param reference  training images for the reference statistics (default 5000)
 */
public record EvalConfig(int every, String classifier, int samples, int reference) {
    public EvalConfig {
        Checks.nonNegative("eval.every", every);
        Checks.notNull("eval.classifier", classifier);
        if (every > 0 && classifier.isBlank()) {
            throw new ConfigException("eval.every is " + every + " but eval.classifier names no classifier file");
        }
        if (samples < 2 || reference < 2) {
            throw new ConfigException("eval.samples and eval.reference must be at least 2, got " + samples + " and " + reference);
        }
    }
}
