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
 */
public record StepMetrics(long iteration, double loss, double ebmLoss, double encoderLoss, double energyData,
                          double energySample, double latentCosine, double ebmLr, double encoderLr, double seconds) {

    /** One JSON object on one line (metrics.jsonl). */
    public String toJson() {
        return String.format(java.util.Locale.ROOT,
                "{\"iteration\":%d,\"loss\":%s,\"loss_ebm\":%s,\"loss_le\":%s,\"energy_data\":%s,\"energy_sample\":%s,"
                        + "\"latent_cosine\":%s,\"lr_ebm\":%s,\"lr_encoder\":%s,\"seconds\":%.4f,\"it_per_s\":%.4f}",
                iteration, num(loss), num(ebmLoss), num(encoderLoss), num(energyData), num(energySample),
                num(latentCosine), num(ebmLr), num(encoderLr), seconds, seconds > 0 ? 1 / seconds : 0.0);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.6g", v) : "null";
    }
}
