package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.DataSplit;
import clel.data.ImageSet;
import clel.data.sets.Cifar10;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Reads the JPEG copy of CIFAR-10 in ../shared/data (skipped where absent). */
class Cifar10JpegFolderTest {
    private static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    static Path root() {
        for (Path p : new Path[] {Path.of("../shared/data/cifar10-jpeg"), Path.of("/work/shared/data/cifar10-jpeg")}) {
            if (Files.isDirectory(p.resolve("train")) && Files.isDirectory(p.resolve("test"))) {
                return p;
            }
        }
        return null;
    }

    private static void check(ImageSet s, int perClass) {
        assertEquals(10 * perClass, s.count());
        assertEquals(CLASSES, s.classNames());
        assertEquals(3, s.channels());
        assertEquals(32, s.height());
        int[] counts = new int[10];
        for (int l : s.labels()) {
            counts[l]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, perClass);
        assertArrayEquals(expected, counts);
    }

    @Test
    void readsTrainAndTestFolders() throws IOException {
        Path root = root();
        Assumptions.assumeTrue(root != null, "../shared/data/cifar10-jpeg not present; skipping");
        long t0 = System.nanoTime();
        ImageFolderResult train = ImageFolderReader.builder(root).split(DataSplit.TRAIN).cropMode(CropMode.NONE)
                .build().read();
        double seconds = (System.nanoTime() - t0) / 1e9;
        ImageFolderResult test = ImageFolderReader.builder(root).split(DataSplit.TEST).cropMode(CropMode.NONE)
                .build().read();
        System.out.printf("CIFAR-10 JPEG train folder: %d images in %.1f s = %.0f images/s%n",
                train.images().count(), seconds, train.images().count() / seconds);
        check(train.images(), 5000);
        check(test.images(), 1000);
        assertEquals(0, train.skippedCount());
        // the JPEG copy's statistics are close to the public code's CIFAR-10 values
        float[] mean = train.images().mean();
        float[] std = train.images().std();
        float[] refMean = Cifar10.STATS.mean();
        float[] refStd = Cifar10.STATS.std();
        for (int c = 0; c < 3; c++) {
            assertEquals(refMean[c], mean[c], 0.01, "mean of channel " + c);
            assertEquals(refStd[c], std[c], 0.01, "std of channel " + c);
        }
        assertTrue(seconds < 600);
    }
}
