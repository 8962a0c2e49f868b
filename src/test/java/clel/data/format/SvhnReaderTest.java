package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.DataSplit;
import clel.data.ImageSet;
import clel.data.sets.Svhn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SvhnReaderTest {
    @TempDir
    Path dir;

    private static final int N = 3;

    /** Value of X(row, col, c, n) in the fixture (distinct enough to detect any transposition). */
    private static int value(int row, int col, int c, int n) {
        return (row * 7 + col * 3 + c * 61 + n * 101) & 0xff;
    }

    /** X as MATLAB stores it: column-major, row fastest, then column, channel, image. */
    private static byte[] columnMajorX() {
        byte[] x = new byte[32 * 32 * 3 * N];
        int i = 0;
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < 3; c++) {
                for (int col = 0; col < 32; col++) {
                    for (int row = 0; row < 32; row++) {
                        x[i++] = (byte) value(row, col, c, n);
                    }
                }
            }
        }
        return x;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsXTransposedAndMapsLabel10ToDigit0(boolean compressed) throws IOException {
        byte[] mat = new MatTestWriter(compressed)
                .uint8("X", new int[] {32, 32, 3, N}, columnMajorX())
                .doubles("y", new int[] {N, 1}, new double[] {10, 1, 5})
                .bytes();
        write("train_32x32.mat", mat);
        ImageSet set = SvhnReader.read(dir, DataSplit.TRAIN, Svhn.STATS);
        assertEquals(N, set.count());
        assertEquals(3, set.channels());
        assertEquals(32, set.height());
        assertArrayEquals(new int[] {0, 1, 5}, set.labels());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), set.classNames());
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < 3; c++) {
                for (int row = 0; row < 32; row++) {
                    for (int col = 0; col < 32; col++) {
                        assertEquals(value(row, col, c, n), set.pixel(n, c, row, col),
                                "image " + n + " c" + c + " (" + row + "," + col + ")");
                    }
                }
            }
        }
        assertArrayEquals(Svhn.STATS.mean(), set.mean());
    }

    @Test
    void compressedDoubleLabelsStoredAsUint8AndExtraVariablesAreSkipped() throws IOException {
        // MATLAB stores integer-valued doubles in the smallest type: class double, storage miUINT8
        byte[] mat = new MatTestWriter(true)
                .uint8("junk", new int[] {1, 5}, new byte[] {1, 2, 3, 4, 5})
                .uint8("X", new int[] {32, 32, 3, N}, columnMajorX())
                .add("y", MatArray.MX_DOUBLE, new int[] {1, N}, MatArray.MI_UINT8, new byte[] {3, 10, 10})
                .bytes();
        Path f = write("test_32x32.mat", mat);
        ImageSet set = SvhnReader.read(f, DataSplit.TEST, Svhn.STATS);
        assertArrayEquals(new int[] {3, 0, 0}, set.labels());
        assertEquals(value(31, 0, 2, 2), set.pixel(2, 2, 31, 0));
        Map<String, MatArray> all = MatV5Reader.read(f);
        assertEquals(List.of("junk", "X", "y"), List.copyOf(all.keySet()));
        assertEquals(4.0, all.get("junk").get(3));
        assertEquals("1x5", all.get("junk").dimsText());
        assertFalse(MatV5Reader.read(f, Set.of("y")).get("X").hasData());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void missingXIsAClearError(boolean compressed) throws IOException {
        byte[] mat = new MatTestWriter(compressed).doubles("y", new int[] {N, 1}, new double[] {1, 2, 3}).bytes();
        Path f = write("train_32x32.mat", mat);
        DataFormatException e = assertThrows(DataFormatException.class, () -> SvhnReader.read(dir, DataSplit.TRAIN, Svhn.STATS));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("missing variable 'X'"), e.getMessage());
    }

    @Test
    void wrongDimsAndLabelCountAndLabelRangeAreErrors() throws IOException {
        Path f = write("a.mat", new MatTestWriter(false)
                .uint8("X", new int[] {32, 32, 1, 2}, new byte[32 * 32 * 2])
                .doubles("y", new int[] {2, 1}, new double[] {1, 2}).bytes());
        DataFormatException e = assertThrows(DataFormatException.class, () -> SvhnReader.readMat(f, "t", Svhn.STATS));
        assertTrue(e.getMessage().contains("dims 32x32x1x2"), e.getMessage());

        Path g = write("b.mat", new MatTestWriter(false)
                .uint8("X", new int[] {32, 32, 3, N}, columnMajorX())
                .doubles("y", new int[] {2, 1}, new double[] {1, 2}).bytes());
        e = assertThrows(DataFormatException.class, () -> SvhnReader.readMat(g, "t", Svhn.STATS));
        assertTrue(e.getMessage().contains("expected 3 numeric labels"), e.getMessage());

        Path h = write("c.mat", new MatTestWriter(true)
                .uint8("X", new int[] {32, 32, 3, N}, columnMajorX())
                .doubles("y", new int[] {N, 1}, new double[] {1, 11, 2}).bytes());
        e = assertThrows(DataFormatException.class, () -> SvhnReader.readMat(h, "t", Svhn.STATS));
        assertTrue(e.getMessage().contains("y(2) = 11.0"), e.getMessage());

        Path k = write("d.mat", new MatTestWriter(false)
                .doubles("X", new int[] {32, 32, 3, 1}, new double[3072])
                .doubles("y", new int[] {1, 1}, new double[] {1}).bytes());
        e = assertThrows(DataFormatException.class, () -> SvhnReader.readMat(k, "t", Svhn.STATS));
        assertTrue(e.getMessage().contains("'X' is double, expected real uint8"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedFileNamesFileAndOffset(boolean compressed) throws IOException {
        byte[] mat = new MatTestWriter(compressed)
                .uint8("X", new int[] {32, 32, 3, N}, columnMajorX())
                .doubles("y", new int[] {N, 1}, new double[] {1, 2, 3}).bytes();
        Path f = write("train_32x32.mat", Arrays.copyOf(mat, compressed ? 300 : 5000));
        DataFormatException e = assertThrows(DataFormatException.class, () -> SvhnReader.read(dir, DataSplit.TRAIN, Svhn.STATS));
        assertTrue(e.getMessage().startsWith(f + ": truncated"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void notAMatFileAndV73AreRejected() throws IOException {
        Path f = write("x.mat", new byte[200]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> SvhnReader.readMat(f, "t", Svhn.STATS));
        assertTrue(e.getMessage().contains("not a MATLAB v5 MAT-file"), e.getMessage());
        byte[] v73 = new byte[600];
        byte[] text = "MATLAB 7.3 MAT-file, Platform: GLNXA64".getBytes();
        System.arraycopy(text, 0, v73, 0, text.length);
        Path g = write("y.mat", v73);
        e = assertThrows(DataFormatException.class, () -> SvhnReader.readMat(g, "t", Svhn.STATS));
        assertTrue(e.getMessage().contains("v7.3 (HDF5)"), e.getMessage());
    }
}
