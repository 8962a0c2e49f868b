package clel.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import clel.energy.DirectionalProjector;
import clel.energy.EnergyOutput;
import clel.optim.Adam;

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

    /**
     * The diagnostics of one step: gradient norms, Adam's step statistics when the update was applied (NaN when the guard
     * skipped it) and the {@link #extremes} of its forward.
     */
    static StepDiagnostics of(GradientNorms ebm, GradientNorms encoder, Adam.StepStats adam, float[] extremes) {
        boolean skipped = adam == null;
        return new StepDiagnostics(ebm.total(), encoder.total(), skipped ? Double.NaN : adam.gradToMoment(),
                skipped ? Double.NaN : adam.maxUpdateOverLr(), extremes[0], extremes[1], extremes[2], skipped);
    }

    /**
     * {min ||f(x)||, min ||g_raw(f/||f||)||, max E(x)} over the rows of one forward (the data and the samples), read
     * with one synchronization.
     */
    static float[] extremes(DirectionalProjector g, ParameterStore ps, EnergyOutput both) {
        try (NDManager scope = both.features().getManager().newSubManager()) {
            NDArray f = both.features().stopGradient();
            f.attach(scope);
            NDArray fNorm = f.norm(new int[] {1}).min();
            NDArray gNorm = g.preNormalizationNorms(ps, f).min();
            NDArray e = both.marginal().stopGradient();
            e.attach(scope);
            NDArray stacked = NDArrays.stack(new NDList(fNorm, gNorm, e.max()));
            for (NDArray a : new NDArray[] {fNorm, gNorm, stacked}) {
                a.attach(scope);
            }
            return stacked.toFloatArray();
        }
    }
}
