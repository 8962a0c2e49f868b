package clel.training;

import clel.loss.EbmLoss;
import clel.run.JsonLine;
import clel.run.Metric;
import clel.run.MetricsRecord;
import java.util.EnumMap;
import java.util.Map;

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
 * @param measures     the {@link StepMeasure}s' values by field ({@link StepMeasures})
 */
public record StepMetrics(long iteration, double loss, double ebmLoss, double encoderLoss, double energyData,
                          double energySample, double latentCosine, double ebmLr, double encoderLr, double seconds,
                          StepDiagnostics diagnostics, GradientNorms ebmGradients, PhaseTimes phases,
                          Map<String, Double> measures) {

    /** The metrics of the step whose tensors are {@code s}, after its phases have ended. */
    static StepMetrics of(StepTensors s, double seconds, StepDiagnostics diagnostics, GradientNorms ebmGradients,
                          PhaseTimes phases, Map<String, Double> measures) {
        EbmLoss.Terms l = s.ebmLoss();
        return new StepMetrics(s.iteration() + 1, s.total().getFloat(), l.total().getFloat(), s.encoderLoss().getFloat(),
                l.realEnergy().getFloat(), l.fakeEnergy().getFloat(), l.latentCosine().getFloat(), s.ebmLr(),
                s.encoderLr(), seconds, diagnostics, ebmGradients, phases, measures);
    }

    /** @return the iteration's line of metrics.jsonl: every {@link Metric} and {@link StepMeasure} it measured */
    public MetricsRecord record() {
        StepDiagnostics d = diagnostics;
        EnumMap<Metric, Double> v = new EnumMap<>(Metric.class);
        v.put(Metric.LOSS, loss);
        v.put(Metric.LOSS_EBM, ebmLoss);
        v.put(Metric.LOSS_LE, encoderLoss);
        v.put(Metric.ENERGY_DATA, energyData);
        v.put(Metric.ENERGY_SAMPLE, energySample);
        v.put(Metric.LATENT_COSINE, latentCosine);
        v.put(Metric.LR_EBM, ebmLr);
        v.put(Metric.LR_ENCODER, encoderLr);
        v.put(Metric.SECONDS, seconds);
        v.put(Metric.IT_PER_S, seconds > 0 ? 1 / seconds : 0.0);
        v.put(Metric.GRAD_NORM_EBM, d.gradNormEbm());
        v.put(Metric.GRAD_NORM_ENCODER, d.gradNormEncoder());
        v.put(Metric.GRAD_TO_MOMENT, d.gradToMoment());
        v.put(Metric.MAX_UPDATE_OVER_LR, d.maxUpdateOverLr());
        v.put(Metric.MIN_F_NORM, d.minFeatureNorm());
        v.put(Metric.MIN_G_NORM, d.minProjectionNorm());
        v.put(Metric.MAX_ENERGY, d.maxEnergy());
        return new MetricsRecord(iteration, v, measures, d.skipped());
    }

    /** @return {@link #record()} as one JSON object on one line (metrics.jsonl) */
    public String toJson() {
        return record().toJson();
    }

    /** @return the EBM's per-parameter gradient norms as one JSON line (gradients.jsonl), 6 significant digits each */
    public String gradientsJson() {
        JsonLine norms = new JsonLine();
        for (int i = 0; i < ebmGradients.norms().length; i++) {
            norms.addSignificant(ebmGradients.names().get(i), ebmGradients.norms()[i], 6);
        }
        return new JsonLine().add("iteration", iteration).add("norms", norms).toString();
    }
}
