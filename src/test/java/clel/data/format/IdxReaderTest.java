package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.DataSplit;
import clel.data.ImageSet;
import clel.data.sets.FashionMnist;
import clel.data.sets.Mnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static final int N = 4;

    private static int value(int i, int r, int c) {
        return (i * 50 + r * 9 + c + 1) & 0xff;
    }

    private static byte[] images(int magic, int n, int rows, int cols, int actualImages) {
        ByteBuffer bb = ByteBuffer.allocate(16 + actualImages * rows * cols);
        bb.putInt(magic).putInt(n).putInt(rows).putInt(cols);
        for (int i = 0; i < actualImages; i++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    bb.put((byte) value(i, r, c));
                }
            }
        }
        return bb.array();
    }

    private static byte[] labels(int magic, int... values) {
        ByteBuffer bb = ByteBuffer.allocate(8 + values.length);
        bb.putInt(magic).putInt(values.length);
        for (int v : values) {
            bb.put((byte) v);
        }
        return bb.array();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private void writeSet(String prefix, boolean gz, byte[] img, byte[] lab) throws IOException {
        String ext = gz ? ".gz" : "";
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte" + ext), gz ? gzip(img) : img);
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte" + ext), gz ? gzip(lab) : lab);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsNativeGrayscale(boolean gz) throws IOException {
        writeSet("train", gz, images(2051, N, 28, 28, N), labels(2049, 9, 0, 3, 7));
        ImageSet s = new FashionMnist().read(dir, DataSplit.TRAIN, IdxLayout.NATIVE_GRAY);
        assertEquals(N, s.count());
        assertEquals(1, s.channels());
        assertEquals(28, s.height());
        assertArrayEquals(new int[] {9, 0, 3, 7}, s.labels());
        assertEquals("Ankle boot", s.classNames().get(9));
        for (int i = 0; i < N; i++) {
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    assertEquals(value(i, r, c), s.pixel(i, 0, r, c));
                }
            }
        }
        assertArrayEquals(new float[] {0.2860f}, s.mean());
        assertArrayEquals(new float[] {0.3530f}, s.std());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void padsTo32AndReplicatesToRgb(boolean gz) throws IOException {
        writeSet("t10k", gz, images(2051, N, 28, 28, N), labels(2049, 1, 2, 3, 4));
        ImageSet s = new Mnist().read(dir, DataSplit.TEST, IdxLayout.RGB_PADDED_32);
        assertEquals(3, s.channels());
        assertEquals(32, s.height());
        assertEquals(32, s.width());
        for (int i = 0; i < N; i++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        boolean inside = y >= 2 && y < 30 && x >= 2 && x < 30;
                        int expected = inside ? value(i, y - 2, x - 2) : 0;
                        assertEquals(expected, s.pixel(i, ch, y, x), "image " + i + " (" + y + "," + x + ")");
                    }
                }
            }
        }
        // padded statistics: f = 784/1024, mean' = f m, std' = sqrt(f (s^2 + m^2) - mean'^2)
        double f = 784.0 / 1024.0;
        double m = f * 0.1307f;
        double sd = Math.sqrt(f * (0.3081f * 0.3081f + 0.1307f * 0.1307f) - m * m);
        assertEquals(0.100070, m, 1e-5);
        assertEquals(m, s.mean()[2], 1e-6);
        assertEquals(sd, s.std()[0], 1e-6);
        assertEquals(0.27521, sd, 1e-4); // 0.765625 * 0.112007 - 0.100070^2 = 0.075743
    }

    @Test
    void generalReadComputesStatsFromData() throws IOException {
        // 2 images 1x2: pixels {0, 255} and {255, 255}: mean 0.75, std sqrt(0.75 - 0.5625) = 0.4330
        ByteBuffer img = ByteBuffer.allocate(16 + 4).putInt(2051).putInt(2).putInt(1).putInt(2);
        img.put(new byte[] {0, (byte) 255, (byte) 255, (byte) 255});
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.write(a, img.array());
        Files.write(b, labels(2049, 1, 0));
        ImageSet s = IdxReader.read(a, b, 1, 2, IdxLayout.NATIVE_GRAY, List.of("x", "y"), "tiny");
        assertEquals(0.75f, s.mean()[0], 1e-6);
        assertEquals(Math.sqrt(0.1875), s.std()[0], 1e-6);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void badMagicIsNamed(boolean gz) throws IOException {
        writeSet("train", gz, images(2049, N, 28, 28, N), labels(2049, 1, 2, 3, 4));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new Mnist().read(dir, DataSplit.TRAIN, IdxLayout.NATIVE_GRAY));
        assertEquals(dir.resolve("train-images-idx3-ubyte" + (gz ? ".gz" : "")) + ": bad magic number 2049"
                + " (0x00000801), expected 2051 (0x00000803) for an IDX images file", e.getMessage());
        writeSet("train", gz, images(2051, N, 28, 28, N), labels(2051, 1, 2, 3, 4));
        e = assertThrows(DataFormatException.class,
                () -> new Mnist().read(dir, DataSplit.TRAIN, IdxLayout.NATIVE_GRAY));
        assertTrue(e.getMessage().contains("labels-idx1-ubyte" + (gz ? ".gz" : "") + ": bad magic number 2051"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void countMismatchIsAnError(boolean gz) throws IOException {
        writeSet("train", gz, images(2051, N, 28, 28, N), labels(2049, 1, 2, 3));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new Mnist().read(dir, DataSplit.TRAIN, IdxLayout.NATIVE_GRAY));
        assertTrue(e.getMessage().contains("holds 3 labels but"), e.getMessage());
        assertTrue(e.getMessage().contains("holds 4 images"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedImagesNameTheImage(boolean gz) throws IOException {
        byte[] img = images(2051, N, 28, 28, N);
        writeSet("train", gz, Arrays.copyOf(img, 16 + 2 * 784 + 100), labels(2049, 1, 2, 3, 4));
        if (gz) {
            // also cut the gzip stream itself (no trailer): same message
            byte[] z = gzip(img);
            Files.write(dir.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(z, z.length - 40));
        }
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new Mnist().read(dir, DataSplit.TRAIN, IdxLayout.NATIVE_GRAY));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte" + (gz ? ".gz" : "") + ": truncated: image "),
                e.getMessage());
        if (!gz) {
            assertTrue(e.getMessage().contains("image 2 of 4 is incomplete"), e.getMessage());
        }
    }

    @Test
    void labelOutOfRangeAndExtraBytes() throws IOException {
        writeSet("train", false, images(2051, N, 28, 28, N), labels(2049, 1, 12, 3, 4));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new Mnist().read(dir, DataSplit.TRAIN, IdxLayout.NATIVE_GRAY));
        assertTrue(e.getMessage().endsWith("label 1 is 12, expected 0..9"), e.getMessage());
        writeSet("train", false, images(2051, 3, 28, 28, N), labels(2049, 1, 2, 3));
        e = assertThrows(DataFormatException.class,
                () -> new Mnist().read(dir, DataSplit.TRAIN, IdxLayout.NATIVE_GRAY));
        assertTrue(e.getMessage().contains("unexpected extra bytes after 3 images"), e.getMessage());
    }

    @Test
    void realFashionMnistWhenInstalled() throws IOException {
        Path root = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST not installed (apt-get install -y dataset-fashion-mnist); skipping");
        ImageSet train = new FashionMnist().read(root, DataSplit.TRAIN, IdxLayout.RGB_PADDED_32);
        ImageSet test = new FashionMnist().read(root, DataSplit.TEST, IdxLayout.NATIVE_GRAY);
        assertEquals(60000, train.count());
        assertEquals(10000, test.count());
        assertEquals(9, train.label(0)); // the first training image is an ankle boot
        assertEquals(9, test.label(0));
        int[] perClass = new int[10];
        for (int l : train.labels()) {
            perClass[l]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, 6000);
        assertArrayEquals(expected, perClass);
        // the measured mean of the native training images agrees with the published 0.2860
        ImageSet nativeTrain = IdxReader.read(IdxReader.findFile(root, "FashionMNIST", DataSplit.TRAIN, "images", 3),
                IdxReader.findFile(root, "FashionMNIST", DataSplit.TRAIN, "labels", 1), 28, 28, IdxLayout.NATIVE_GRAY,
                FashionMnist.CLASS_NAMES, "fm");
        assertEquals(0.2860, nativeTrain.mean()[0], 5e-4);
        assertEquals(0.3530, nativeTrain.std()[0], 5e-4);
        assertEquals(0, train.pixel(123, 1, 0, 5));
        assertEquals(nativeTrain.pixel(123, 0, 10, 11), train.pixel(123, 2, 12, 13));
    }
}
