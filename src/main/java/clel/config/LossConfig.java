package clel.config;

/**
 * Weights of L_EBM (eq. 12) and L_LE (eq. 13). YAML section {@code loss}.
 *
 * @param alpha        energy regularization alpha (paper 1.0)
 * @param beta         latent term beta (paper 0.01; 0 disables the latent guidance)
 * @param temperature  NT-Xent temperature tau (public code 0.2)
 * @param useNegatives add the EBM latents g(f(x~)) as extra negatives in L_LE (paper: yes)
 */
public record LossConfig(double alpha, double beta, double temperature, boolean useNegatives) {
    public LossConfig {
        Checks.nonNegative("loss.alpha", alpha);
        Checks.nonNegative("loss.beta", beta);
        Checks.positive("loss.temperature", temperature);
    }
}
