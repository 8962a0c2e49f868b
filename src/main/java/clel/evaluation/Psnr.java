package clel.evaluation;

/**
 * Peak signal-to-noise ratio of images in [0, 1] against references: PSNR = 10 log10(1 / MSE) dB per image, MSE over
 * its C x H x W values; the mean over images is reported. An exact copy (MSE 0) counts as {@link #CAP} dB so that the
 * mean stays finite.
 */
public final class Psnr {
    /** The PSNR given to an image equal to its reference. */
    public static final double CAP = 100;

    private Psnr() {
    }

    /**
     * @param images     n images, flattened (N, C, H, W)
     * @param references the same layout and length
     * @param n          number of images N
     * @return the mean over images of each image's PSNR, in dB
     */
    public static double mean(float[] images, float[] references, int n) {
        if (images.length != references.length || n <= 0 || images.length % n != 0) {
            throw new IllegalArgumentException("PSNR of " + images.length + " values against " + references.length
                    + " for " + n + " images");
        }
        int per = images.length / n;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double se = 0;
            for (int k = i * per; k < (i + 1) * per; k++) {
                double d = images[k] - references[k];
                se += d * d;
            }
            double mse = se / per;
            total += mse == 0 ? CAP : Math.min(CAP, 10 * Math.log10(1 / mse));
        }
        return total / n;
    }
}
