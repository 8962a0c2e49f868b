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
 * @param encoderObjectives YAML section {@code encoder_objectives}: the encoder objectives' own settings (only
 *                   loss.encoder_objective's may differ from their defaults)
 * @param sampler    YAML section {@code sampler}: SGLD and the replay buffer
 * @param optim      YAML section {@code optim}: optimizers, batch sizes, schedules
 * @param augment    YAML section {@code augment}: the augmentations
 * @param ema        YAML section {@code ema}: the moving average of the weights
 * @param log        YAML section {@code log}: metrics, sample grids, checkpoints
 * @param guard      YAML section {@code guard}: the divergence guard
 * @param eval       YAML section {@code eval}: the evaluation during training
 */
public record ClelConfig(long seed, int iterations, String outputDir, DataConfig data, ModelConfig model,
                         LossConfig loss, EncoderObjectiveSettings encoderObjectives, SamplerConfig sampler,
                         OptimConfig optim, AugmentConfig augment, EmaConfig ema, LogConfig log, GuardConfig guard,
                         EvalConfig eval) {
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
     * @param encoderObjectives YAML section {@code encoder_objectives}: the encoder objectives' own settings (only
     *                   loss.encoder_objective's may differ from their defaults)
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
        Checks.notNull("encoder_objectives", encoderObjectives);
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
        encoderObjectives.check(loss.encoderObjective());
        loss.encoderObjective().definition().check(model, loss, augment);
    }

    /** @return a builder that starts from these settings; its {@link Builder#build} validates as the constructor does */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param n training iterations
     * @return this configuration with {@code iterations} = n
     */
    public ClelConfig withIterations(int n) {
        return toBuilder().iterations(n).build();
    }

    /**
     * @param m a model section
     * @return this configuration with that model section
     */
    public ClelConfig withModel(ModelConfig m) {
        return toBuilder().model(m).build();
    }

    /**
     * @param e an eval section
     * @return this configuration with that eval section
     */
    public ClelConfig withEval(EvalConfig e) {
        return toBuilder().eval(e).build();
    }

    /**
     * A {@link ClelConfig} with some settings changed: one setter per component, each documented at the component;
     * {@link #build} validates. Made by {@link ClelConfig#toBuilder}, so every setting starts with a value.
     */
    public static final class Builder {
        private long seed;
        private int iterations;
        private String outputDir;
        private DataConfig data;
        private ModelConfig model;
        private LossConfig loss;
        private EncoderObjectiveSettings encoderObjectives;
        private SamplerConfig sampler;
        private OptimConfig optim;
        private AugmentConfig augment;
        private EmaConfig ema;
        private LogConfig log;
        private GuardConfig guard;
        private EvalConfig eval;

        private Builder(ClelConfig from) {
            seed = from.seed;
            iterations = from.iterations;
            outputDir = from.outputDir;
            data = from.data;
            model = from.model;
            loss = from.loss;
            encoderObjectives = from.encoderObjectives;
            sampler = from.sampler;
            optim = from.optim;
            augment = from.augment;
            ema = from.ema;
            log = from.log;
            guard = from.guard;
            eval = from.eval;
        }

        /**
         * @param v {@link ClelConfig#seed}
         * @return this builder
         */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#iterations}
         * @return this builder
         */
        public Builder iterations(int v) {
            iterations = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#outputDir}
         * @return this builder
         */
        public Builder outputDir(String v) {
            outputDir = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#data}
         * @return this builder
         */
        public Builder data(DataConfig v) {
            data = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#model}
         * @return this builder
         */
        public Builder model(ModelConfig v) {
            model = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#loss}
         * @return this builder
         */
        public Builder loss(LossConfig v) {
            loss = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#encoderObjectives}
         * @return this builder
         */
        public Builder encoderObjectives(EncoderObjectiveSettings v) {
            encoderObjectives = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#sampler}
         * @return this builder
         */
        public Builder sampler(SamplerConfig v) {
            sampler = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#optim}
         * @return this builder
         */
        public Builder optim(OptimConfig v) {
            optim = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#augment}
         * @return this builder
         */
        public Builder augment(AugmentConfig v) {
            augment = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#ema}
         * @return this builder
         */
        public Builder ema(EmaConfig v) {
            ema = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#log}
         * @return this builder
         */
        public Builder log(LogConfig v) {
            log = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#guard}
         * @return this builder
         */
        public Builder guard(GuardConfig v) {
            guard = v;
            return this;
        }

        /**
         * @param v {@link ClelConfig#eval}
         * @return this builder
         */
        public Builder eval(EvalConfig v) {
            eval = v;
            return this;
        }

        /**
         * @return the configuration, validated
         * @throws ConfigException naming the first invalid setting
         */
        public ClelConfig build() {
            return new ClelConfig(seed, iterations, outputDir, data, model, loss, encoderObjectives, sampler, optim,
                    augment, ema, log, guard, eval);
        }
    }
}
