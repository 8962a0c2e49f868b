package clel.config;

import clel.augment.AugmentationKind;

/**
 * A complete run configuration: everything Algorithm 1 needs. Built from YAML (a preset, a file, then
 * {@code key=value} overrides) by {@link ConfigLoader}; every key is snake_case of a component name here.
 *
 * @param seed       seed of every random choice in the run (data order, initialization, sampling, augmentation)
 * @param iterations training iterations
 * @param outputDir  run folder: checkpoints, metrics.jsonl, train.log, sample grids
 */
public record ClelConfig(long seed, int iterations, String outputDir, DataConfig data, ModelConfig model,
                         LossConfig loss, SamplerConfig sampler, OptimConfig optim, AugmentConfig augment,
                         EmaConfig ema, LogConfig log, GuardConfig guard, EvalConfig eval) {
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
        if (sampler.bufferSize() < optim.batchSize()) {
            throw new ConfigException("sampler.buffer_size (" + sampler.bufferSize()
                    + ") must be at least optim.batch_size (" + optim.batchSize() + ")");
        }
        checkMae(model, loss, augment);
    }

    /**
     * loss.encoder_objective=mae and model.mae_encoder come together, and mae's views are not augmented: Appendix C
     * trains the MLP on the frozen MAE encoder "without data augmentations", so augment.encoder must say none rather
     * than be ignored.
     */
    private static void checkMae(ModelConfig model, LossConfig loss, AugmentConfig augment) {
        boolean mae = loss.encoderObjective() == EncoderObjectiveKind.MAE;
        if (mae && !model.hasMaeEncoder()) {
            throw new ConfigException("loss.encoder_objective is mae but model.mae_encoder is empty: give the frozen MAE "
                    + "encoder's TorchScript file (the README's section on mae says how to make one)");
        }
        if (!mae && model.hasMaeEncoder()) {
            throw new ConfigException("model.mae_encoder is set but loss.encoder_objective is " + loss.encoderObjective()
                    + ": set loss.encoder_objective=mae, or model.mae_encoder=\"\"");
        }
        if (mae && augment.encoder() != AugmentationKind.NONE) {
            throw new ConfigException("augment.encoder is " + augment.encoder().configName() + " but loss.encoder_objective "
                    + "is mae, whose MLP is trained without data augmentation (paper Appendix C): set augment.encoder=none");
        }
    }

    public ClelConfig withIterations(int n) {
        return new ClelConfig(seed, n, outputDir, data, model, loss, sampler, optim, augment, ema, log, guard, eval);
    }

    public ClelConfig withModel(ModelConfig m) {
        return new ClelConfig(seed, iterations, outputDir, data, m, loss, sampler, optim, augment, ema, log, guard, eval);
    }
}
