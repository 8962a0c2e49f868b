package clel.model;

import ai.djl.ndarray.types.DataDesc;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.LayoutType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One array in DJL's encoding (NDArray#encode: "NDAR", encoding version 1 to 3, optional name, sparse format, data
 * type, shape with its layout, byte order, data length and data), read from bytes without allocating anything the
 * record claims. Every field is checked against the bytes that remain and against sane maxima (rank at most
 * {@value #MAX_RANK}, a name of at most {@value #MAX_NAME_BYTES} bytes, a dense numeric type, a data length equal to the
 * shape's elements times the type's size), so that DJL's own decoder, run afterwards, only sees what it can read.
 *
 * @param start where the record starts in the bytes
 * @param end   where it ends (exclusive)
 * @param type  its data type
 * @param shape its shape
 */
public record ArrayRecord(int start, int end, DataType type, Shape shape) {
    /** Highest rank of an array (clel's arrays have at most 4 dimensions). */
    public static final int MAX_RANK = 8;
    /** Longest array name, in bytes of modified UTF-8. */
    public static final int MAX_NAME_BYTES = 256;
    private static final int MAX_LABEL_BYTES = 32;
    private static final int NEWEST_VERSION = 3;

    /**
     * Parses the record starting at {@code b[at]}.
     *
     * @param b    the bytes holding the record (untrusted)
     * @param at   the record's first byte
     * @param what names the source in errors (file, entry, array)
     * @return the record's position, type and shape
     * @throws IOException naming the source, the byte offset and what is wrong
     */
    public static ArrayRecord read(byte[] b, int at, String what) throws IOException {
        Cursor c = new Cursor(b, at, what);
        if (!"NDAR".equals(c.label())) {
            throw c.invalid("not an array (no NDAR mark)");
        }
        int version = c.int32();
        if (version < 1 || version > NEWEST_VERSION) {
            throw c.invalid("array encoding version " + version + " is not known");
        }
        if (version > 1) {
            int named = c.byte8();
            if (named == 1) {
                int length = c.uint16();
                if (length > MAX_NAME_BYTES) {
                    throw c.invalid("array name of " + length + " bytes (at most " + MAX_NAME_BYTES + ")");
                }
                c.skip(length);
            } else if (named != 0) {
                throw c.invalid("name flag " + named + " is neither 0 nor 1");
            }
        }
        String sparse = c.label();
        if (!"DENSE".equals(sparse)) {
            throw c.invalid("sparse format '" + sparse + "' (only dense arrays are stored)");
        }
        DataType type = type(c.label(), c);
        int rank = c.int32();
        if (rank < 0 || rank > MAX_RANK) {
            throw c.invalid("rank " + rank + " is out of range (0 to " + MAX_RANK + ")");
        }
        long[] dims = new long[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = c.int64();
            if (dims[i] < 0) {
                throw c.invalid("dimension " + i + " is " + dims[i]);
            }
            elements = dims[i] == 0 || elements <= Integer.MAX_VALUE / dims[i] ? elements * dims[i] : Long.MAX_VALUE;
        }
        int layoutLength = c.int32();
        if (layoutLength != rank) {
            throw c.invalid("layout of " + layoutLength + " axes for rank " + rank);
        }
        for (int i = 0; i < rank; i++) {
            char axis = (char) c.uint16();
            try {
                LayoutType.fromValue(axis);
            } catch (IllegalArgumentException e) {
                throw c.invalid("layout axis '" + axis + "' is not known");
            }
        }
        if (version > 2) {
            int order = c.byte8();
            if (order != '<' && order != '>') {
                throw c.invalid("byte order mark " + order + " is neither '<' nor '>'");
            }
        }
        long expected = elements * type.getNumOfBytes();
        int length = c.int32();
        if (elements > Integer.MAX_VALUE || length != expected) {
            throw c.invalid("data length " + length + " does not match " + new Shape(dims) + " " + type
                    + (elements > Integer.MAX_VALUE ? " (more than an array can hold)" : " (" + expected + " bytes)"));
        }
        c.skip(length);
        return new ArrayRecord(at, c.position(), type, new Shape(dims));
    }

    /**
     * @param desc an array's shape and type
     * @return the most bytes the encoding of such an array can take
     */
    public static long maxEncodedSize(DataDesc desc) {
        int rank = desc.getShape().dimension();
        long fixed = 2 + 4 + 4 + 1 + 2 + MAX_NAME_BYTES + 2 * (2 + MAX_LABEL_BYTES) + 4 + 4 + 1 + 4;
        return fixed + 10L * rank + desc.getShape().size() * desc.getDataType().getNumOfBytes();
    }

    /**
     * Refuses a record that is not of {@code expected}'s type and shape, naming both.
     *
     * @param expected the type and shape the model expects
     * @param what     names the array in the error
     * @throws IOException when the record's type or shape differs
     */
    public void require(DataDesc expected, String what) throws IOException {
        if (type != expected.getDataType() || !shape.equals(expected.getShape())) {
            throw new IOException(what + " is " + type + " " + shape + " but the model expects " + expected.getDataType()
                    + " " + expected.getShape() + " (saved from a different architecture, or damaged)");
        }
    }

    private static DataType type(String name, Cursor c) throws IOException {
        DataType t;
        try {
            t = DataType.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw c.invalid("data type '" + name + "' is not known");
        }
        if (t.getNumOfBytes() <= 0 || t == DataType.STRING || t == DataType.UNKNOWN) {
            throw c.invalid("data type " + t + " is not numeric");
        }
        return t;
    }

    /** Bounds-checked big-endian reading (DataInputStream's format) that names the offset in errors. */
    private static final class Cursor {
        private final byte[] b;
        private final ByteBuffer view;
        private final int start;
        private final String what;
        private int pos;

        Cursor(byte[] b, int at, String what) {
            this.b = b;
            this.view = ByteBuffer.wrap(b);
            this.start = at;
            this.pos = at;
            this.what = what;
        }

        int position() {
            return pos;
        }

        IOException invalid(String problem) {
            return new IOException(what + ": invalid array at byte " + start + ": " + problem);
        }

        private void need(long n) throws IOException {
            if (n > b.length - pos) {
                throw new IOException(what + ": array at byte " + start + " is truncated (needs " + n
                        + " more bytes at byte " + pos + ", " + (b.length - pos) + " left)");
            }
        }

        void skip(long n) throws IOException {
            need(n);
            pos += (int) n;
        }

        int byte8() throws IOException {
            need(1);
            return b[pos++];
        }

        int uint16() throws IOException {
            need(2);
            int v = view.getChar(pos);
            pos += 2;
            return v;
        }

        int int32() throws IOException {
            need(4);
            int v = view.getInt(pos);
            pos += 4;
            return v;
        }

        long int64() throws IOException {
            need(8);
            long v = view.getLong(pos);
            pos += 8;
            return v;
        }

        /** A short ASCII label written with writeUTF (magic, sparse format, data type). */
        String label() throws IOException {
            int length = uint16();
            if (length > MAX_LABEL_BYTES) {
                throw invalid("a label of " + length + " bytes where a name of at most " + MAX_LABEL_BYTES
                        + " is expected");
            }
            need(length);
            String s = new String(b, pos, length, StandardCharsets.ISO_8859_1);
            pos += length;
            return s;
        }
    }
}
