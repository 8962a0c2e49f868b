package clel.evaluation;

import clel.io.AtomicFileWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format version 1.0; versions 2.0 and 3.0 are also read) for
 * float32 ({@code '<f4'}) and uint8 ({@code '|u1'}) arrays in C order, so that samples and features can be
 * loaded by {@code numpy.load} and other tools.
 *
 * <p>Layout: {@code "\x93NUMPY"}, major and minor version bytes, a little-endian header length (2 bytes in
 * v1.0), then an ASCII Python dict literal such as {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (2, 3), }} padded with spaces and a final newline so that the data starts at a multiple of 64
 * bytes, then the raw little-endian data. Files are written atomically and byte-identical to
 * {@code numpy.save}.
 */
public final class NpyFile {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int CHUNK = 1 << 20;
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private NpyFile() {
    }

    /**
     * Writes an array atomically (temporary file, then move).
     *
     * @param file  target {@code .npy} file
     * @param array the array
     * @throws IOException naming the file on failure
     */
    public static void write(Path file, NpyArray array) throws IOException {
        byte[] header = header(array.dtype(), array.shape());
        AtomicFileWriter.write(file, out -> {
            out.write(header);
            if (array.dtype() == NpyDtype.UINT8) {
                out.write(array.bytes());
                return;
            }
            float[] data = array.floats();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            int perChunk = CHUNK / 4;
            for (int from = 0; from < data.length; from += perChunk) {
                int n = Math.min(perChunk, data.length - from);
                buf.clear();
                buf.asFloatBuffer().put(data, from, n);
                out.write(buf.array(), 0, n * 4);
            }
        });
    }

    /**
     * Writes float32 data with the given shape.
     *
     * @param file  target file
     * @param data  row-major values
     * @param shape dimensions whose product is {@code data.length}
     * @throws IOException naming the file on failure
     */
    public static void writeFloat32(Path file, float[] data, int... shape) throws IOException {
        write(file, NpyArray.ofFloats(data, shape));
    }

    /**
     * Writes uint8 data with the given shape.
     *
     * @param file  target file
     * @param data  row-major unsigned bytes
     * @param shape dimensions whose product is {@code data.length}
     * @throws IOException naming the file on failure
     */
    public static void writeUint8(Path file, byte[] data, int... shape) throws IOException {
        write(file, NpyArray.ofUint8(data, shape));
    }

    /**
     * The complete v1.0 header (magic, version, length, padded dict) that {@code numpy.save} writes.
     *
     * @param dtype element type
     * @param shape dimensions
     * @return header bytes, a multiple of 64 long
     */
    public static byte[] header(NpyDtype dtype, int[] shape) {
        StringBuilder dict = new StringBuilder();
        dict.append("{'descr': '").append(dtype.descr()).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                dict.append(", ");
            }
            dict.append(shape[i]);
        }
        if (shape.length == 1) {
            dict.append(',');
        }
        dict.append("), }");
        int prefix = MAGIC.length + 2 + 2;
        int hlen = dict.length() + 1;
        int pad = ALIGN - (prefix + hlen) % ALIGN; // numpy pads 1..64 spaces
        dict.append(" ".repeat(pad)).append('\n');
        int length = dict.length();
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("NpyFile: header too long for format 1.0 (" + length + " bytes)");
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) length).put(text);
        return out.array();
    }

    /**
     * Reads a float32 or uint8 {@code .npy} file.
     *
     * @param file file to read
     * @return the array
     * @throws IOException naming the file if it is missing, not a .npy file, of an unsupported dtype or
     *                     Fortran order, or truncated
     */
    public static NpyArray read(Path file) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, ".npy file not found");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, file, "the magic string");
            pre.flip();
            byte[] magic = new byte[MAGIC.length];
            pre.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + ": not a .npy file (bad magic string)");
            }
            int major = pre.get() & 0xFF;
            int minor = pre.get() & 0xFF;
            long headerLength;
            int prefix;
            if (major == 1) {
                headerLength = pre.getShort() & 0xFFFF;
                prefix = 10;
            } else if (major == 2 || major == 3) {
                headerLength = pre.getInt() & 0xFFFFFFFFL;
                prefix = 12;
            } else {
                throw new IOException(file + ": unsupported .npy format version " + major + "." + minor);
            }
            if (prefix + headerLength > size) {
                throw new IOException(file + ": truncated .npy header (declares " + headerLength
                        + " header bytes, file has " + size + " bytes)");
            }
            ByteBuffer head = ByteBuffer.allocate((int) headerLength);
            ch.position(prefix);
            readFully(ch, head, file, "the header");
            String dict = new String(head.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            NpyDtype dtype = parseDtype(dict, file);
            int[] shape = parseShape(dict, file);
            Matcher fortran = FORTRAN.matcher(dict);
            if (!fortran.find()) {
                throw new IOException(file + ": .npy header has no 'fortran_order': " + dict.trim());
            }
            if (fortran.group(1).equals("True")) {
                throw new IOException(file + ": Fortran-order .npy arrays are not supported (save with C order)");
            }
            long count = 1;
            for (int d : shape) {
                count *= d;
                if (count > Integer.MAX_VALUE) {
                    throw new IOException(file + ": array too large for this reader");
                }
            }
            long dataStart = prefix + headerLength;
            long expected = count * dtype.itemSize();
            long actual = size - dataStart;
            if (actual < expected) {
                throw new IOException(file + ": truncated .npy data: expected " + expected + " bytes for shape "
                        + Arrays.toString(shape) + ", found " + actual);
            }
            if (actual > expected) {
                throw new IOException(file + ": .npy file has " + (actual - expected)
                        + " unexpected bytes after the data for shape " + Arrays.toString(shape));
            }
            ch.position(dataStart);
            if (dtype == NpyDtype.UINT8) {
                byte[] data = new byte[(int) count];
                readFully(ch, ByteBuffer.wrap(data), file, "the data");
                return NpyArray.ofUint8(data, shape);
            }
            float[] data = new float[(int) count];
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            int perChunk = CHUNK / 4;
            for (int from = 0; from < data.length; from += perChunk) {
                int n = Math.min(perChunk, data.length - from);
                buf.clear();
                buf.limit(n * 4);
                readFully(ch, buf, file, "the data");
                buf.flip();
                buf.asFloatBuffer().get(data, from, n);
            }
            return NpyArray.ofFloats(data, shape);
        }
    }

    private static NpyDtype parseDtype(String dict, Path file) throws IOException {
        Matcher m = DESCR.matcher(dict);
        if (!m.find()) {
            throw new IOException(file + ": .npy header has no 'descr': " + dict.trim());
        }
        NpyDtype dtype = NpyDtype.fromDescr(m.group(1));
        if (dtype == null) {
            throw new IOException(file + ": unsupported .npy dtype '" + m.group(1) + "' (supported: <f4, |u1)");
        }
        return dtype;
    }

    private static int[] parseShape(String dict, Path file) throws IOException {
        Matcher m = SHAPE.matcher(dict);
        if (!m.find()) {
            throw new IOException(file + ": .npy header has no 'shape': " + dict.trim());
        }
        List<Integer> dims = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            String t = part.trim();
            if (t.endsWith("L")) {
                t = t.substring(0, t.length() - 1);
            }
            if (t.isEmpty()) {
                continue;
            }
            try {
                int d = Integer.parseInt(t);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": invalid .npy shape (" + m.group(1) + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, Path file, String what) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IOException(file + ": truncated .npy file while reading " + what);
            }
        }
    }
}
