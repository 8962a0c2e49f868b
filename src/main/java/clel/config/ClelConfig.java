package clel.config;


/**
 * A complete run configuration: everything Algorithm 1 needs. Built from YAML (a preset, a file, then
 * {@code key=value} overrides) by {@link ConfigLoader}; every key is snake_case of a component name here.
 *
 * @param seed       seed of every random choice in the run (data order, initialization, sampling, augmentation)
 * @param iterations training iterations
 * @param outputDir  run folder: checkpoints, metrics.jsonl, train.log, sample grids
 * @param data       YAML section {@code data}: the data set and its splits
 * @param model      YAML section {@code model}: the networks f, g and h
 * @param loss       YAML section {@code loss}: the losses of eq. (12) and (13)
 * @param sampler    YAML section {@code sampler}: SGLD and the replay buffer
 * @param optim      YAML section {@code optim}: optimizers, batch sizes, schedules
 * @param augment    YAML section {@code augment}: the augmentations
 * @param ema        YAML section {@code ema}: the moving average of the weights
 * @param log        YAML section {@code log}: metrics, sample grids, checkpoints
 * @param guard      YAML section {@code guard}: the divergence guard
 * @param eval       YAML section {@code eval}: the evaluation during training
 */
public record ClelConfig(long seed, int iterations, String outputDir, DataConfig data, ModelConfig model,
                         LossConfig loss, SamplerConfig sampler, OptimConfig optim, AugmentConfig augment,
                         EmaConfig ema, LogConfig log, GuardConfig guard, EvalConfig eval) {
    /**
     * Most values the replay buffer may hold, sampler.buffer_size x model.channels x model.image_size^2 (2 GB of
     * float32; the paper's CIFAR-10 buffer holds 30,720,000).
     */
    public static final long MAX_BUFFER_VALUES = 500_000_000L;

    /**
     * Validates the settings; a {@link ConfigException} names the first invalid one.
     *
     * @param seed       seed of every random choice in the run (data order, initialization, sampling, augmentation)
     * @param iterations training iterations
     * @param outputDir  run folder: checkpoints, metrics.jsonl, train.log, sample grids
     * @param data       YAML section {@code data}: the data set and its splits
     * @param model      YAML section {@code model}: the networks f, g and h
     * @param loss       YAML section {@code loss}: the losses of eq. (12) and (13)
     * @param sampler    YAML section {@code sampler}: SGLD and the replay buffer
     * @param optim      YAML section {@code optim}: optimizers, batch sizes, schedules
     * @param augment    YAML section {@code augment}: the augmentations
     * @param ema        YAML section {@code ema}: the moving average of the weights
     * @param log        YAML section {@code log}: metrics, sample grids, checkpoints
     * @param guard      YAML section {@code guard}: the divergence guard
     * @param eval       YAML section {@code eval}: the evaluation during training
     */
    public ClelConfig {
        Checks.positive("iterations", iterations);
        Checks.notNull("output_dir", outputDir);
        Checks.notNull("data", data);
        Checks.notNull("model", model);
        Checks.notNull("loss", loss);
        Checks.notNull("sampler", sampler);
        Checks.notNull("optim", optim);
        Checks.notNull("augment", augment);
        Checks.notNull("ema", ema);
        Checks.notNull("log", log);
        Checks.notNull("guard", guard);
        Checks.notNull("eval", eval);
        long bufferValues = (long) sampler.bufferSize() * model.channels() * model.imageSize() * model.imageSize();
        if (bufferValues > MAX_BUFFER_VALUES) {
            throw new ConfigException("the replay buffer would hold sampler.buffer_size x model.channels x "
                    + "model.image_size^2 = " + bufferValues + " values; at most " + MAX_BUFFER_VALUES + " (2 GB)");
        }
        if (sampler.bufferSize() < optim.batchSize()) {
            throw new ConfigException("sampler.buffer_size (" + sampler.bufferSize()
                    + ") must be at least optim.batch_size (" + optim.batchSize() + ")");
        }
        loss.encoderObjective().definition().check(model, loss, augment);
        if (model.hasMaeEncoder() && !loss.encoderObjective().key().equals(MAE)) {
            throw new ConfigException("model.mae_encoder is set but loss.encoder_objective is " + loss.encoderObjective()
                    + ": set loss.encoder_objective=mae, or model.mae_encoder=\"\"");
        }
    }

    /** The objective that reads model.mae_encoder (Appendix C); no other may be given one. */
    private static final String MAE = "mae";

    /**
     * @param n training iterations
     * @return this configuration with {@code iterations} = n
     */
    public ClelConfig withIterations(int n) {
        return new ClelConfig(seed, n, outputDir, data, model, loss, sampler, optim, augment, ema, log, guard, eval);
    }

    /**
     * @param m a model section
     * @return this configuration with that model section
     */
    public ClelConfig withModel(ModelConfig m) {
        return new ClelConfig(seed, iterations, outputDir, data, m, loss, sampler, optim, augment, ema, log, guard, eval);
    }

    /**
     * @param e an eval section
     * @return this configuration with that eval section
     */
    public ClelConfig withEval(EvalConfig e) {
        return new ClelConfig(seed, iterations, outputDir, data, model, loss, sampler, optim, augment, ema, log, guard, e);
    }
}
