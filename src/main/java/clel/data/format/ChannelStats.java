package clel.data.format;

/**
 * Per-channel mean and (population) standard deviation in [0, 1] that the networks normalize their input with:
 * either published values of a data set ({@link #published}) or computed from a CHW unsigned-byte image buffer
 * (there a channel without variance gets std 1, so normalization only centres it, since the networks divide by
 * std).
 */
public final class ChannelStats {
    private final float[] mean;
    private final float[] std;

    private ChannelStats(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * Fixed values, e.g. a data set's published statistics.
     *
     * @throws IllegalArgumentException when the lengths differ, are 0, or a std is not positive
     */
    public static ChannelStats published(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("channel statistics: " + mean.length + " means but " + std.length
                    + " stds, expected the same positive number");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("channel statistics: channel " + c + " has mean " + mean[c]
                        + " and std " + std[c] + ", expected a finite mean and a positive std");
            }
        }
        return new ChannelStats(mean.clone(), std.clone());
    }

    /** Computed from the images of a CHW buffer. */
    static ChannelStats of(byte[] pixels, int channels, int height, int width) {
        int plane = height * width;
        int imageBytes = channels * plane;
        long[] sum = new long[channels];
        long[] sumSq = new long[channels];
        int count = imageBytes == 0 ? 0 : pixels.length / imageBytes;
        for (int i = 0; i < count; i++) {
            int base = i * imageBytes;
            for (int c = 0; c < channels; c++) {
                long s = 0;
                long q = 0;
                int off = base + c * plane;
                for (int p = 0; p < plane; p++) {
                    int v = pixels[off + p] & 0xff;
                    s += v;
                    q += v * v;
                }
                sum[c] += s;
                sumSq[c] += q;
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        double n = (double) count * plane;
        for (int c = 0; c < channels; c++) {
            if (n == 0) {
                mean[c] = 0.5f;
                std[c] = 1f;
                continue;
            }
            double m = sum[c] / n / 255.0;
            double var = sumSq[c] / n / (255.0 * 255.0) - m * m;
            double s = Math.sqrt(Math.max(0.0, var));
            mean[c] = (float) m;
            std[c] = s > 1e-8 ? (float) s : 1f;
        }
        return new ChannelStats(mean, std);
    }

    /** Number of channels. */
    public int channels() { return mean.length; }

    /** Per-channel mean in [0, 1] (a copy). */
    public float[] mean() { return mean.clone(); }

    /** Per-channel standard deviation in [0, 1] (a copy). */
    public float[] std() { return std.clone(); }
}
