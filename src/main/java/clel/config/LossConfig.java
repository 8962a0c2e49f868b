package clel.config;

/**
 * Weights of L_EBM (eq. 12) and L_LE (eq. 13). YAML section {@code loss}. {@link #toBuilder} copies it with some
 * settings changed; {@link ConfigLoader#defaults} has the paper's values.
 *
 * @param alpha        energy regularization alpha (paper 1.0)
 * @param beta         latent term beta (paper 0.01; 0 disables the latent guidance)
 * @param temperature  NT-Xent temperature tau (public code 0.2)
 * @param useNegatives add the EBM latents g(f(x~)) as extra negatives in L_LE (paper: yes; simclr and mae, which both use eq. 13)
 * @param encoderObjective how the encoder learns: simclr (paper, default), byol or mae (Table 7, Appendix C), or another
 *                         registered objective; each objective's rules (byol: no negatives; mae: its file
 *                         encoder_objectives.mae.encoder and augment.encoder=none) are its
 *                         {@link EncoderObjectiveDefinition#check}, run by {@link ClelConfig}
 * @param byolTargetDecay  byol: base decay tau of the target network's EMA, raised to 1 over the run by a cosine
 *                         schedule (BYOL paper: 0.996; default 0.996)
 */
public record LossConfig(double alpha, double beta, double temperature, boolean useNegatives,
                         EncoderObjectiveKind encoderObjective, double byolTargetDecay) {
    /**
     * Validates the settings; a {@link ConfigException} names the first invalid one.
     *
     * @param alpha        energy regularization alpha (paper 1.0)
     * @param beta         latent term beta (paper 0.01; 0 disables the latent guidance)
     * @param temperature  NT-Xent temperature tau (public code 0.2)
     * @param useNegatives add the EBM latents g(f(x~)) as extra negatives in L_LE (paper: yes; simclr and mae, which both use eq. 13)
     * @param encoderObjective how the encoder learns: simclr (paper, default), byol or mae (Table 7, Appendix C), or another
     *                         registered objective; each objective's rules (byol: no negatives; mae: its file
     *                         encoder_objectives.mae.encoder and augment.encoder=none) are its
     *                         {@link EncoderObjectiveDefinition#check}, run by {@link ClelConfig}
     * @param byolTargetDecay  byol: base decay tau of the target network's EMA, raised to 1 over the run by a cosine
     *                         schedule (BYOL paper: 0.996; default 0.996)
     */
    public LossConfig {
        Checks.nonNegative("loss.alpha", alpha);
        Checks.nonNegative("loss.beta", beta);
        Checks.positive("loss.temperature", temperature);
        Checks.notNull("loss.encoder_objective", encoderObjective);
        if (!(byolTargetDecay >= 0 && byolTargetDecay < 1)) {
            throw new ConfigException("loss.byol_target_decay must be in [0, 1), got " + byolTargetDecay);
        }
    }

    /** @return a builder that starts from these settings; its {@link Builder#build} validates as the constructor does */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A {@link LossConfig} with some settings changed: one setter per component, each documented at the component;
     * {@link #build} validates. Made by {@link LossConfig#toBuilder}, so every setting starts with a value.
     */
    public static final class Builder {
        private double alpha;
        private double beta;
        private double temperature;
        private boolean useNegatives;
        private EncoderObjectiveKind encoderObjective;
        private double byolTargetDecay;

        private Builder(LossConfig from) {
            alpha = from.alpha;
            beta = from.beta;
            temperature = from.temperature;
            useNegatives = from.useNegatives;
            encoderObjective = from.encoderObjective;
            byolTargetDecay = from.byolTargetDecay;
        }

        /**
         * @param v {@link LossConfig#alpha}
         * @return this builder
         */
        public Builder alpha(double v) {
            alpha = v;
            return this;
        }

        /**
         * @param v {@link LossConfig#beta}
         * @return this builder
         */
        public Builder beta(double v) {
            beta = v;
            return this;
        }

        /**
         * @param v {@link LossConfig#temperature}
         * @return this builder
         */
        public Builder temperature(double v) {
            temperature = v;
            return this;
        }

        /**
         * @param v {@link LossConfig#useNegatives}
         * @return this builder
         */
        public Builder useNegatives(boolean v) {
            useNegatives = v;
            return this;
        }

        /**
         * @param v {@link LossConfig#encoderObjective}
         * @return this builder
         */
        public Builder encoderObjective(EncoderObjectiveKind v) {
            encoderObjective = v;
            return this;
        }

        /**
         * @param v {@link LossConfig#byolTargetDecay}
         * @return this builder
         */
        public Builder byolTargetDecay(double v) {
            byolTargetDecay = v;
            return this;
        }

        /**
         * @return the settings, validated
         * @throws ConfigException naming the first invalid setting
         */
        public LossConfig build() {
            return new LossConfig(alpha, beta, temperature, useNegatives, encoderObjective, byolTargetDecay);
        }
    }
}
