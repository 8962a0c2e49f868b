package clel.config;

/**
 * The two optimizers of Algorithm 1 (Appendix B and the public code). YAML section {@code optim}.
 *
 * @param batchSize          n, data and sample batch of the EBM (paper 64); 2 to {@link #MAX_BATCH_SIZE}, because the
 *                           encoder's BatchNorm sees it
 * @param encoderBatchSize   batch of the contrastive encoder's two views (paper 64; 256 for the large model); 2 to
 *                           {@link #MAX_BATCH_SIZE}
 * @param ebmLr              Adam learning rate for f and g (1e-4)
 * @param ebmBeta1           Adam beta1 (0)
 * @param ebmBeta2           Adam beta2 (0.999)
 * @param ebmEps             Adam epsilon (1e-8)
 * @param warmupIterations   linear warm-up of the EBM learning rate over these iterations (2,000)
 * @param encoderLr          SGD learning rate for h (0.03), cosine-annealed to 0 over the run
 * @param encoderMomentum    SGD momentum (0.9)
 * @param encoderWeightDecay SGD weight decay (5e-4)
 * @param encoderSteps       updates of h per iteration (1, as in the paper and the public code). Each further update
 *                           takes a fresh encoder batch and the iteration's EBM latents as extra negatives; it lets a
 *                           short CPU run give the encoder the steps it needs to learn the data's classes, at the cost
 *                           of one encoder forward and backward each
 */
public record OptimConfig(int batchSize, int encoderBatchSize, double ebmLr, double ebmBeta1, double ebmBeta2,
                          double ebmEps, int warmupIterations, double encoderLr, double encoderMomentum,
                          double encoderWeightDecay, int encoderSteps) {
    /** Largest optim.batch_size and optim.encoder_batch_size (the paper's largest is 256). */
    public static final int MAX_BATCH_SIZE = 4096;
    /** The most encoder updates one iteration may make. */
    public static final int MAX_ENCODER_STEPS = 64;

    /**
     * Validates the settings; a {@link ConfigException} names the first invalid one.
     *
     * @param batchSize          n, data and sample batch of the EBM (paper 64); 2 to {@link #MAX_BATCH_SIZE}, because the
     *                           encoder's BatchNorm sees it
     * @param encoderBatchSize   batch of the contrastive encoder's two views (paper 64; 256 for the large model); 2 to
     *                           {@link #MAX_BATCH_SIZE}
     * @param ebmLr              Adam learning rate for f and g (1e-4)
     * @param ebmBeta1           Adam beta1 (0)
     * @param ebmBeta2           Adam beta2 (0.999)
     * @param ebmEps             Adam epsilon (1e-8)
     * @param warmupIterations   linear warm-up of the EBM learning rate over these iterations (2,000)
     * @param encoderLr          SGD learning rate for h (0.03), cosine-annealed to 0 over the run
     * @param encoderMomentum    SGD momentum (0.9)
     * @param encoderWeightDecay SGD weight decay (5e-4)
     * @param encoderSteps       updates of h per iteration (1, as in the paper and the public code). Each further update
     *                           takes a fresh encoder batch and the iteration's EBM latents as extra negatives; it lets a
     *                           short CPU run give the encoder the steps it needs to learn the data's classes, at the cost
     *                           of one encoder forward and backward each
     */
    public OptimConfig {
        Checks.batchSize("optim.batch_size", batchSize, MAX_BATCH_SIZE);
        Checks.batchSize("optim.encoder_batch_size", encoderBatchSize, MAX_BATCH_SIZE);
        Checks.positive("optim.ebm_lr", ebmLr);
        if (!(ebmBeta1 >= 0 && ebmBeta1 < 1)) {
            throw new ConfigException("optim.ebm_beta1 must be in [0, 1), got " + ebmBeta1);
        }
        if (!(ebmBeta2 >= 0 && ebmBeta2 < 1)) {
            throw new ConfigException("optim.ebm_beta2 must be in [0, 1), got " + ebmBeta2);
        }
        Checks.positive("optim.ebm_eps", ebmEps);
        Checks.nonNegative("optim.warmup_iterations", warmupIterations);
        Checks.positive("optim.encoder_lr", encoderLr);
        if (!(encoderMomentum >= 0 && encoderMomentum < 1)) {
            throw new ConfigException("optim.encoder_momentum must be in [0, 1), got " + encoderMomentum);
        }
        Checks.nonNegative("optim.encoder_weight_decay", encoderWeightDecay);
        if (encoderSteps < 1 || encoderSteps > MAX_ENCODER_STEPS) {
            throw new ConfigException("optim.encoder_steps must be in 1.." + MAX_ENCODER_STEPS + ", got " + encoderSteps);
        }
    }
}
