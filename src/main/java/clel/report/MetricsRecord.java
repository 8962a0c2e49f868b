package clel.report;

/**
 * One line of a run's metrics.jsonl (written by {@code clel.training.StepMetrics#toJson}). A value written
 * as JSON null (non-finite during training) or missing from the line is {@link Double#NaN}.
 *
 * @param iteration    iterations completed
 * @param loss         L_EBM + L_LE
 * @param lossEbm      L_EBM (paper eq. 12)
 * @param lossLe       L_LE (paper eq. 13)
 * @param energyData   mean E(x) on the data batch
 * @param energySample mean E(x~) on the SGLD samples
 * @param latentCosine mean cos(g(f(x)), z)
 * @param lrEbm        Adam learning rate of f and g
 * @param lrEncoder    SGD learning rate of h
 * @param seconds      wall time of that iteration
 * @param itPerS       1 / seconds
 */
public record MetricsRecord(long iteration, double loss, double lossEbm, double lossLe, double energyData,
                            double energySample, double latentCosine, double lrEbm, double lrEncoder, double seconds,
                            double itPerS) {
    public MetricsRecord {
        if (iteration < 0) {
            throw new IllegalArgumentException("metrics record: iteration must be >= 0, got " + iteration);
        }
    }
}
