package clel.training;

/**
 * The share of the iteration's SGLD samples x~ whose marginal energy E(x~) (eq. 11) lies below the mean E(x) of its
 * data batch, in [0, 1]. The batch means E(x) and E(x~) say on which side the samples are on average; this says how
 * many samples have reached the data's energy level: near 0 when the chains are still far from the data, around
 * one half when samples and data are mixed, and near 1 in an inversion (samples judged more likely than data), where
 * the mean alone can hide a minority of runaway samples.
 */
public final class SamplesBelowDataEnergy implements StepMeasure {
    @Override
    public String field() {
        return "samples_below_data";
    }

    @Override
    public String description() {
        return "share of SGLD samples x~ with E(x~) below the data batch's mean E(x) (eq. 11)";
    }

    @Override
    public double measure(StepQuantities q) {
        return share(q.real().marginal().toFloatArray(), q.fake().marginal().toFloatArray());
    }

    /** The share of {@code samples} below the mean of {@code data}; NaN when either is empty. */
    static double share(float[] data, float[] samples) {
        if (data.length == 0 || samples.length == 0) {
            return Double.NaN;
        }
        double mean = 0;
        for (float e : data) {
            mean += e;
        }
        double threshold = mean / data.length;
        int below = 0;
        for (float e : samples) {
            if (e < threshold) {
                below++;
            }
        }
        return (double) below / samples.length;
    }
}
