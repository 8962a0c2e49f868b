package clel.training;

/**
 * What one training iteration measured.
 *
 * @param iteration    iterations completed (the 0-based index of this one plus 1)
 * @param loss         L_EBM + L_LE
 * @param ebmLoss      L_EBM (eq. 12)
 * @param encoderLoss  L_LE (eq. 13)
 * @param energyData   mean E(x) on the data batch
 * @param energySample mean E(x~) on the SGLD samples
 * @param latentCosine mean cos(g(f(x)), z) between the EBM direction and the encoder latent
 * @param ebmLr        learning rate of Adam this iteration
 * @param encoderLr    learning rate of SGD this iteration
 * @param seconds      wall time of the iteration
 * @param diagnostics  gradient norms, optimizer step sizes and extreme values, for divergence diagnosis
 * @param ebmGradients the EBM's gradient norm per parameter (gradients.jsonl)
 * @param phases       wall time per phase of the step (clel bench)
 */
public record StepMetrics(long iteration, double loss, double ebmLoss, double encoderLoss, double energyData,
                          double energySample, double latentCosine, double ebmLr, double encoderLr, double seconds,
                          StepDiagnostics diagnostics, GradientNorms ebmGradients, PhaseTimes phases) {

    /** One JSON object on one line (metrics.jsonl). */
    public String toJson() {
        StepDiagnostics d = diagnostics;
        return String.format(java.util.Locale.ROOT,
                "{\"iteration\":%d,\"loss\":%s,\"loss_ebm\":%s,\"loss_le\":%s,\"energy_data\":%s,\"energy_sample\":%s,"
                        + "\"latent_cosine\":%s,\"lr_ebm\":%s,\"lr_encoder\":%s,\"seconds\":%.4f,\"it_per_s\":%.4f,"
                        + "\"grad_norm_ebm\":%s,\"grad_norm_encoder\":%s,\"grad_to_moment\":%s,\"max_update_over_lr\":%s,"
                        + "\"min_f_norm\":%s,\"min_g_norm\":%s,\"max_energy\":%s,\"skipped\":%b}",
                iteration, num(loss), num(ebmLoss), num(encoderLoss), num(energyData), num(energySample),
                num(latentCosine), num(ebmLr), num(encoderLr), seconds, seconds > 0 ? 1 / seconds : 0.0,
                num(d.gradNormEbm()), num(d.gradNormEncoder()), num(d.gradToMoment()), num(d.maxUpdateOverLr()),
                num(d.minFeatureNorm()), num(d.minProjectionNorm()), num(d.maxEnergy()), d.skipped());
    }

    /** The EBM's per-parameter gradient norms as one JSON line (gradients.jsonl). */
    public String gradientsJson() {
        StringBuilder b = new StringBuilder("{\"iteration\":").append(iteration).append(",\"norms\":{");
        for (int i = 0; i < ebmGradients.norms().length; i++) {
            b.append(i == 0 ? "" : ",").append('"').append(ebmGradients.names().get(i)).append("\":")
                    .append(num(ebmGradients.norms()[i]));
        }
        return b.append("}}").toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.6g", v) : "null";
    }
}
