package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFileTest {

    /** The bytes numpy.save(f, np.arange(6, dtype='<f4').reshape(2, 3)) writes (checked with numpy 2.4). */
    private static byte[] numpyBytesFor2x3() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        // 10 prefix bytes + dict + padding + '\n' = 128, so the header length is 118 = 0x76
        int headerLength = 128 - 10;
        out.write(headerLength & 0xFF);
        out.write(headerLength >> 8);
        out.writeBytes(dict.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(" ".repeat(headerLength - dict.length() - 1).getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        // 0, 1, 2, 3, 4, 5 as little-endian float32
        int[] bits = {0x00000000, 0x3f800000, 0x40000000, 0x40400000, 0x40800000, 0x40a00000};
        for (int b : bits) {
            out.write(b);
            out.write(b >>> 8);
            out.write(b >>> 16);
            out.write(b >>> 24);
        }
        return out.toByteArray();
    }

    @Test
    void writesExactlyWhatNumpyWrites(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.npy");
        NpyFile.writeFloat32(file, new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        byte[] expected = numpyBytesFor2x3();
        assertEquals(128 + 24, expected.length);
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void headerShapesAndAlignment() {
        String h1 = header(NpyDtype.UINT8, 5);
        assertTrue(h1.startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }"), h1);
        String h0 = header(NpyDtype.UINT8);
        assertTrue(h0.startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (), }"), h0);
        String h4 = header(NpyDtype.FLOAT32, 50000, 3, 32, 32);
        assertTrue(h4.contains("'shape': (50000, 3, 32, 32), }"), h4);
        for (int[] shape : new int[][] {{}, {5}, {2, 3}, {50000, 3, 32, 32}, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}}) {
            byte[] h = NpyFile.header(NpyDtype.FLOAT32, shape);
            assertEquals(0, h.length % 64, Arrays.toString(shape));
            assertEquals('\n', h[h.length - 1]);
            assertEquals(h.length - 10, (h[8] & 0xFF) | (h[9] & 0xFF) << 8);
        }
    }

    private static String header(NpyDtype dtype, int... shape) {
        byte[] h = NpyFile.header(dtype, shape);
        return new String(h, 10, h.length - 10, StandardCharsets.US_ASCII);
    }

    @Test
    void roundTripsFloatAndUint8(@TempDir Path dir) throws IOException {
        float[] f = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.sin(i) * 100;
        }
        f[7] = Float.NaN;
        f[8] = Float.NEGATIVE_INFINITY;
        f[9] = -0.0f;
        Path ff = dir.resolve("f.npy");
        NpyFile.writeFloat32(ff, f, 2, 3, 4, 5);
        NpyArray a = NpyFile.read(ff);
        assertEquals(NpyDtype.FLOAT32, a.dtype());
        assertArrayEquals(new int[] {2, 3, 4, 5}, a.shape());
        assertArrayEquals(f, a.floats());
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(a.floats()[9]));

        byte[] u = new byte[256];
        for (int i = 0; i < u.length; i++) {
            u[i] = (byte) i;
        }
        Path fu = dir.resolve("u.npy");
        NpyFile.writeUint8(fu, u, 4, 64);
        NpyArray b = NpyFile.read(fu);
        assertEquals(NpyDtype.UINT8, b.dtype());
        assertArrayEquals(new int[] {4, 64}, b.shape());
        assertArrayEquals(u, b.bytes());
        assertEquals(255, b.bytes()[255] & 0xFF);
        assertThrows(IllegalStateException.class, b::floats);

        // larger than one I/O chunk, and a scalar
        float[] big = new float[(1 << 18) + 3];
        for (int i = 0; i < big.length; i++) {
            big[i] = i;
        }
        NpyFile.writeFloat32(ff, big, big.length);
        assertArrayEquals(big, NpyFile.read(ff).floats());
        NpyFile.writeUint8(fu, new byte[] {42});
        NpyArray scalar = NpyFile.read(fu);
        assertEquals(0, scalar.shape().length);
        assertEquals(42, scalar.bytes()[0]);
    }

    @Test
    void rejectsTruncatedAndForeignFiles(@TempDir Path dir) throws IOException {
        byte[] good = numpyBytesFor2x3();
        Path truncated = dir.resolve("truncated.npy");
        Files.write(truncated, Arrays.copyOf(good, good.length - 1));
        IOException e = assertThrows(IOException.class, () -> NpyFile.read(truncated));
        assertTrue(e.getMessage().contains("truncated.npy") && e.getMessage().contains("truncated .npy data")
                && e.getMessage().contains("expected 24 bytes"), e.getMessage());

        Path shortHeader = dir.resolve("short.npy");
        Files.write(shortHeader, Arrays.copyOf(good, 40));
        e = assertThrows(IOException.class, () -> NpyFile.read(shortHeader));
        assertTrue(e.getMessage().contains("truncated .npy header"), e.getMessage());

        Path tiny = dir.resolve("tiny.npy");
        Files.write(tiny, Arrays.copyOf(good, 5));
        e = assertThrows(IOException.class, () -> NpyFile.read(tiny));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Path png = dir.resolve("not.npy");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        e = assertThrows(IOException.class, () -> NpyFile.read(png));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());

        byte[] f8 = good.clone();
        f8[23] = '8'; // '<f4' -> '<f8'
        Path doubles = dir.resolve("f8.npy");
        Files.write(doubles, f8);
        e = assertThrows(IOException.class, () -> NpyFile.read(doubles));
        assertTrue(e.getMessage().contains("unsupported .npy dtype '<f8'"), e.getMessage());

        byte[] fortran = new String(good, StandardCharsets.ISO_8859_1)
                .replace("'fortran_order': False, ", "'fortran_order': True,  ").getBytes(StandardCharsets.ISO_8859_1);
        Path fo = dir.resolve("fortran.npy");
        Files.write(fo, fortran);
        e = assertThrows(IOException.class, () -> NpyFile.read(fo));
        assertTrue(e.getMessage().contains("Fortran-order"), e.getMessage());

        assertThrows(IOException.class, () -> NpyFile.read(dir.resolve("missing.npy")));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloats(new float[5], 2, 3));
    }
}
