package clel.config;

/**
 * Weights of L_EBM (eq. 12) and L_LE (eq. 13). YAML section {@code loss}.
 *
 * @param alpha        energy regularization alpha (paper 1.0)
 * @param beta         latent term beta (paper 0.01; 0 disables the latent guidance)
 * @param temperature  NT-Xent temperature tau (public code 0.2)
 * @param useNegatives add the EBM latents g(f(x~)) as extra negatives in L_LE (paper: yes; simclr and mae, which both use eq. 13)
 * @param encoderObjective how the encoder learns: simclr (paper, default), byol or mae (Table 7, Appendix C), or another
 *                         registered objective; each objective's rules (byol: no negatives; mae: model.mae_encoder and
 *                         augment.encoder=none) are its {@link EncoderObjectiveDefinition#check}, run by {@link ClelConfig}
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
     *                         registered objective; each objective's rules (byol: no negatives; mae: model.mae_encoder and
     *                         augment.encoder=none) are its {@link EncoderObjectiveDefinition#check}, run by {@link ClelConfig}
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
}
