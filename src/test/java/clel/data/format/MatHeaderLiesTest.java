package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import clel.data.ChildJvm;
import clel.data.InProcessClel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SVHN .mat files whose tags lie (name lengths, dimensions, storage types, element sizes), read by {@code clel data
 * inspect svhn}: one-line errors (rc 2) naming the file, before the declared sizes are allocated, and the files left
 * as they were.
 */
class MatHeaderLiesTest {
    @TempDir
    Path tmp;

    private static byte[] le(int... values) {
        ByteBuffer bb = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            bb.putInt(v);
        }
        return bb.array();
    }

    /** A data element: tag (type, byte count) and data padded to 8 bytes. */
    private static void element(ByteArrayOutputStream out, int type, byte[] data) {
        out.writeBytes(le(type, data.length));
        out.writeBytes(data);
        out.writeBytes(new byte[(8 - data.length % 8) % 8]);
    }

    /** A miMATRIX element whose name tag declares {@code nameLength} bytes (followed by 8 bytes of name). */
    private static byte[] matrix(int matClass, int[] dims, int nameLength, int storage, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, MatArray.MI_UINT32, le(matClass, 0));
        element(body, MatArray.MI_INT32, le(dims));
        body.writeBytes(le(MatArray.MI_INT8, nameLength));
        body.writeBytes(Arrays.copyOf("X".getBytes(StandardCharsets.US_ASCII), 8));
        element(body, storage, data);
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(le(MatArray.MI_MATRIX, body.size()));
        m.writeBytes(body.toByteArray());
        return m.toByteArray();
    }

    private static byte[] file(byte[]... elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Arrays.copyOf(new MatTestWriter(false).bytes(), 128));
        for (byte[] e : elements) {
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    private static byte[] labels(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        byte[] all = new MatTestWriter(false).doubles("y", new int[] {n, 1}, ones).bytes();
        return Arrays.copyOfRange(all, 128, all.length);
    }

    private static byte[] compressed(byte[] element) {
        Deflater d = new Deflater();
        d.setInput(element);
        d.finish();
        byte[] buf = new byte[element.length + 64];
        int n = d.deflate(buf);
        d.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le(MatArray.MI_COMPRESSED, n));
        out.write(buf, 0, n);
        return out.toByteArray();
    }

    private Path svhnFolder(byte[] mat) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "svhn");
        Files.write(dir.resolve("train_32x32.mat"), mat);
        Files.write(dir.resolve("test_32x32.mat"), mat);
        return dir;
    }

    /**
     * What {@code clel data inspect svhn} says of a folder holding {@code mat}, after the file's name: asserted to be
     * a one-line error (rc 2) naming the training file, with the folder left as it was.
     */
    private String inspectFails(byte[] mat) throws IOException {
        Path dir = svhnFolder(mat);
        Map<String, String> before = ChildJvm.snapshot(dir);
        ChildJvm.Result r = InProcessClel.run("data", "inspect", "svhn", dir.toString(), "--grid",
                tmp.resolve("grid.png").toString());
        String file = dir.resolve("train_32x32.mat") + ": ";
        r.assertOneLineError(file);
        assertEquals(before, ChildJvm.snapshot(dir));
        return r.errorMessage().substring(r.errorMessage().indexOf(file) + file.length());
    }

    @Test
    void aNameOfTwoGigabytesInAThreeKilobyteFileIsRefusedInASmallHeap() throws Exception {
        byte[] x = matrix(MatArray.MX_UINT8, new int[] {32, 32, 3, 1}, (1 << 31) - 16, MatArray.MI_UINT8, new byte[3072]);
        Path dir = svhnFolder(file(x, labels(1)));
        Map<String, String> before = ChildJvm.snapshot(dir);
        ChildJvm.Result r = ChildJvm.clel(Files.createDirectories(tmp.resolve("work")), "data", "inspect", "svhn",
                dir.toString());
        r.assertOneLineError(dir.resolve("train_32x32.mat") + ": array name of 2147483632 bytes, at most 4096 allowed"
                + " (at byte 184)");
        assertEquals(before, ChildJvm.snapshot(dir));
    }

    @Test
    void aNegativeNameLengthIsAnUnsignedSizeTooLarge() throws IOException {
        byte[] x = matrix(MatArray.MX_UINT8, new int[] {32, 32, 3, 1}, -16, MatArray.MI_UINT8, new byte[3072]);
        assertEquals("array name of 4294967280 bytes, at most 4096 allowed (at byte 184)",
                inspectFails(file(x, labels(1))));
    }

    @Test
    void uint8ImagesStoredAsSixteenBitsAreRefused() throws IOException {
        byte[] x = matrix(MatArray.MX_UINT8, new int[] {32, 32, 3, 1}, 1, MatArray.MI_UINT16, new byte[2 * 3072]);
        assertEquals("variable 'X' (uint8) is stored as MAT data type 4, expected miUINT8 (2)",
                inspectFails(file(x, labels(1))));
        byte[] uint16 = matrix(MatArray.MX_UINT16, new int[] {32, 32, 3, 1}, 1, MatArray.MI_UINT16, new byte[2 * 3072]);
        assertEquals("variable 'X' is uint16, expected real uint8", inspectFails(file(uint16, labels(1))));
    }

    @Test
    void dimensionsWhoseProductWrapsAreRefused() throws IOException {
        // 2^30 x 2^30 x 3 x 16 = 3 x 2^64: zero in 64-bit arithmetic, matching an empty real part
        byte[] x = matrix(MatArray.MX_UINT8, new int[] {1 << 30, 1 << 30, 3, 16}, 1, MatArray.MI_UINT8, new byte[0]);
        assertEquals("matrix of dimensions [1073741824, 1073741824, 3, 16] is too large (its size overflows)",
                inspectFails(file(x, labels(16))));
    }

    @Test
    void imagesOfAnotherSizeThanThirtyTwoSquareAreRefused() throws IOException {
        byte[] x = matrix(MatArray.MX_UINT8, new int[] {7, 900, 3, 1}, 1, MatArray.MI_UINT8, new byte[7 * 900 * 3]);
        assertEquals("variable 'X' has dims 7x900x3x1, expected H x W x 3 x N (32x32x3xN)",
                inspectFails(file(x, labels(1))));
    }

    @Test
    void elementsDeclaringMoreThanTheFileHoldsAreTruncations() throws IOException {
        // a matrix whose tag declares 1 GB in a 3 KB file
        byte[] x = matrix(MatArray.MX_UINT8, new int[] {32, 32, 3, 1}, 1, MatArray.MI_UINT8, new byte[3072]);
        ByteBuffer.wrap(x).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 1 << 30);
        assertEquals("truncated: the data element at byte 128 declares 1073741824 bytes but only 3200 remain in the"
                + " file (at byte 136)", inspectFails(file(x, labels(1))));
        // a compressed matrix whose real part declares 300 MB (a whole image set's worth) inflates to 3 KB
        byte[] big = matrix(MatArray.MX_UINT8, new int[] {32, 32, 3, 100_000}, 1, MatArray.MI_UINT8, new byte[3072]);
        ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN).putInt(68, 307_200_000);
        assertEquals("truncated: real part of 'X' declares 307200000 bytes but only 3072 remain in its element (at byte"
                + " 72 in the compressed element at byte 128)", inspectFails(file(compressed(big), labels(1))));
        // ... and when the compressed matrix declares 1 GB as well, the real part is read only as far as it goes
        ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 1 << 30);
        assertEquals("truncated at byte 3144 in the compressed element at byte 128 while reading real part of 'X' (3072"
                + " of 307200000 bytes)", inspectFails(file(compressed(big), labels(1))));
    }
}
