package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import clel.data.ChildJvm;
import clel.data.DataSplit;
import clel.data.InProcessClel;
import clel.data.sets.Mnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX files whose header lies about the number or the size of the images: one-line errors naming the file, before
 * anything of the declared size is allocated, and the files are left as they were.
 */
class IdxHeaderLiesTest {
    @TempDir
    Path tmp;

    private static byte[] header(int magic, int... values) {
        ByteBuffer bb = ByteBuffer.allocate(4 + 4 * values.length).putInt(magic);
        for (int v : values) {
            bb.putInt(v);
        }
        return bb.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** A new MNIST folder with the given train files and one valid test image. */
    private Path mnist(String trainImages, byte[] images, String trainLabels, byte[] labels) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "mnist");
        Files.write(dir.resolve(trainImages), images);
        Files.write(dir.resolve(trainLabels), labels);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), concat(header(2051, 1, 28, 28), new byte[784]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), concat(header(2049, 1), new byte[1]));
        return dir;
    }

    @Test
    void millionsOfImagesDeclaredInSixteenBytesAreRefusedInASmallHeap() throws Exception {
        // 2.7 M images of 28x28 = 2.1 GB: allocated before the truncation was noticed
        Path dir = mnist("train-images-idx3-ubyte", header(2051, 2_700_000, 28, 28),
                "train-labels-idx1-ubyte", header(2049, 2_700_000));
        Map<String, String> before = ChildJvm.snapshot(dir);
        ChildJvm.Result r = ChildJvm.clel(Files.createDirectories(tmp.resolve("work")), "data", "inspect", "mnist",
                dir.toString());
        r.assertOneLineError(dir.resolve("train-images-idx3-ubyte") + ": truncated: image 0 of 2700000 is incomplete"
                + " (file ends after 0 of 2116800000 pixel bytes)");
        assertEquals(before, ChildJvm.snapshot(dir));
    }

    @Test
    void gzippedCountBeyondTheDataIsReadOnlyAsFarAsTheDataGoes() throws IOException {
        // 600,000 images declared (fits one set) but one present: the reader stops where the data ends
        Path dir = mnist("train-images-idx3-ubyte.gz", gzip(concat(header(2051, 600_000, 28, 28), new byte[784])),
                "train-labels-idx1-ubyte", header(2049, 600_000));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new Mnist().read(dir, DataSplit.TRAIN, IdxLayout.RGB_PADDED_32));
        assertEquals(dir.resolve("train-images-idx3-ubyte.gz") + ": truncated: image 1 of 600000 is incomplete (file"
                + " ends after 784 of 470400000 pixel bytes)", e.getMessage());
    }

    @Test
    void aCountTooLargeForOneSetIsRefusedBeforeReading() throws IOException {
        // 28x28 images padded to 3x32x32: 700,000 of them need more than one array holds
        Path dir = mnist("train-images-idx3-ubyte.gz", gzip(header(2051, 700_000, 28, 28)),
                "train-labels-idx1-ubyte", header(2049, 700_000));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new Mnist().read(dir, DataSplit.TRAIN, IdxLayout.RGB_PADDED_32));
        assertEquals(dir.resolve("train-images-idx3-ubyte.gz") + ": 700000 images of 28x28 padded to 3x32x32 need"
                + " 2150400000 bytes, more than the 2147483631 bytes one in-memory array can hold", e.getMessage());
    }

    @Test
    void imagesOfAnotherSizeThanTheDataSetsAreRefused() throws IOException {
        // 28.7 M images of 1x1 (a 28 KB gzip) overflowed the padded layout; 1000x7 images were accepted as MNIST
        int n = 28_700_000;
        Path dir = mnist("train-images-idx3-ubyte.gz", gzip(concat(header(2051, n, 1, 1), new byte[n])),
                "train-labels-idx1-ubyte.gz", gzip(concat(header(2049, n), new byte[n])));
        inspectFails(dir, dir.resolve("train-images-idx3-ubyte.gz") + ": images of 1x1 pixels, expected 28x28 (rows x"
                + " columns) for this data set");

        Path wide = mnist("train-images-idx3-ubyte", concat(header(2051, 2, 1000, 7), new byte[14_000]),
                "train-labels-idx1-ubyte", concat(header(2049, 2), new byte[2]));
        inspectFails(wide, wide.resolve("train-images-idx3-ubyte") + ": images of 1000x7 pixels, expected 28x28 (rows x"
                + " columns) for this data set");
    }

    /** {@code clel data inspect mnist DIR} ends in the one-line error {@code message} and leaves DIR as it was. */
    private void inspectFails(Path dir, String message) throws IOException {
        Map<String, String> before = ChildJvm.snapshot(dir);
        ChildJvm.Result r = InProcessClel.run("data", "inspect", "mnist", dir.toString(), "--grid",
                tmp.resolve("grid.png").toString());
        r.assertOneLineError(message);
        assertEquals(message, r.errorMessage());
        assertEquals(before, ChildJvm.snapshot(dir));
    }

    @Test
    void labelsDeclaredBeyondThePlainFileAreATruncation() throws IOException {
        Path dir = mnist("train-images-idx3-ubyte", concat(header(2051, 2, 28, 28), new byte[2 * 784]),
                "train-labels-idx1-ubyte", concat(header(2049, 2), new byte[1]));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new Mnist().read(dir, DataSplit.TRAIN, IdxLayout.NATIVE_GRAY));
        assertEquals(dir.resolve("train-labels-idx1-ubyte") + ": truncated: label 1 of 2 is missing (file ends after 1"
                + " label bytes)", e.getMessage());
    }
}
