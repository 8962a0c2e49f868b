package clel.data.format;

/**
 * Per-channel mean and (population) standard deviation in [0, 1] of a CHW unsigned-byte image buffer.
 * A channel without variance gets std 1 (normalization then only centres it), since the networks divide by std.
 */
final class ChannelStats {
    private final float[] mean;
    private final float[] std;

    private ChannelStats(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

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

    float[] mean() { return mean.clone(); }

    float[] std() { return std.clone(); }
}
