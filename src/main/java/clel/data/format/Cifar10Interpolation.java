package clel.data.format;

import clel.data.DataSplit;
import clel.data.ImageSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The paper's "CIFAR10 Interp." out-of-distribution set (Table 4): image i is the pixel-wise mean of CIFAR-10
 * test images i and (i + 100) mod N, so it has as many images as the test set (10,000; the last 100 pair with
 * the first 100). Computed in integers, rounding halves up: out = (a + b + 1) / 2 (floor division).
 * All images have label 0 of the single class "cifar10_interp"; mean/std are the RGB statistics the caller
 * passes (CIFAR-10's published values, since the set is scored by CIFAR-10 models).
 */
public final class Cifar10Interpolation {
    /** Offset between the two blended images. */
    public static final int OFFSET = 100;

    private Cifar10Interpolation() {
    }

    /** Build the set from the CIFAR-10 binary release at {@code cifarRoot} (test split); images carry {@code stats}. */
    public static ImageSet read(Path cifarRoot, ChannelStats stats) throws IOException {
        return of(CifarBinaryReader.readCifar10(cifarRoot, DataSplit.TEST, stats), stats);
    }

    /**
     * Build the set from any CIFAR-10 test set already read (e.g. the JPEG copy); the result carries
     * {@code rgbStats} when the images are RGB, else the test set's own statistics.
     */
    public static ImageSet of(ImageSet test, ChannelStats rgbStats) {
        int n = test.count();
        if (n <= OFFSET) {
            throw new IllegalArgumentException(test.name() + ": " + n + " images, need more than " + OFFSET
                    + " to blend image i with image i+" + OFFSET);
        }
        int bytes = test.imageBytes();
        byte[] src = test.pixels();
        byte[] out = new byte[n * bytes];
        for (int i = 0; i < n; i++) {
            int a = i * bytes;
            int b = ((i + OFFSET) % n) * bytes;
            for (int p = 0; p < bytes; p++) {
                out[a + p] = (byte) (((src[a + p] & 0xff) + (src[b + p] & 0xff) + 1) >> 1);
            }
        }
        boolean rgb = test.channels() == rgbStats.channels();
        float[] mean = rgb ? rgbStats.mean() : test.mean();
        float[] std = rgb ? rgbStats.std() : test.std();
        return new ImageSet("cifar10_interp", test.channels(), test.height(), test.width(), out, new int[n],
                List.of("cifar10_interp"), List.of(), new byte[0], mean, std);
    }
}
