package clel.training;

/**
 * Per-iteration measurements for diagnosing divergence (metrics.jsonl; the per-parameter gradient norms of the EBM
 * go to gradients.jsonl).
 *
 * @param gradNormEbm       ||grad|| of all EBM parameters (f and g) before the update
 * @param gradNormEncoder   ||grad|| of all encoder parameters
 * @param gradToMoment      sum g^2 / sum v_hat of the EBM's Adam (about 1 when healthy; tiny when v_hat is inflated)
 * @param maxUpdateOverLr   largest |update| of any EBM weight, in units of the learning rate
 * @param minFeatureNorm    smallest ||f(x)|| over the data and the samples
 * @param minProjectionNorm smallest ||g_raw(f/||f||)||, the projector's output before its normalization
 * @param maxEnergy         largest per-sample E(x) over the data and the samples
 * @param skipped           whether the update was skipped (non-finite gradient, guard.on_bad_gradient=skip)
 */
public record StepDiagnostics(double gradNormEbm, double gradNormEncoder, double gradToMoment, double maxUpdateOverLr,
                              double minFeatureNorm, double minProjectionNorm, double maxEnergy, boolean skipped) {
}
