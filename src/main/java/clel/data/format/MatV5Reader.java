package clel.data.format;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A minimal reader of MATLAB Level 5 MAT-files ("-v6"/"-v7", not the HDF5-based v7.3): a 128-byte header
 * (116 bytes text, 8 bytes subsystem offset, version, endian indicator "IM" little- / "MI" big-endian),
 * then data elements, each an 8-byte tag (type, byte count; or the 4-byte "small element" form) padded to
 * 8 bytes. Top-level miMATRIX elements hold array flags, dimensions, name and real (and imaginary) part;
 * miCOMPRESSED elements hold one zlib-compressed miMATRIX element and are inflated while streaming.
 * Only numeric arrays are read; other classes are listed without data.
 */
public final class MatV5Reader {
    private MatV5Reader() {
    }

    /** Read every variable of the file. */
    public static Map<String, MatArray> read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Read the variables of the file, in file order, with data only for the {@code wanted} names (all when
     * null); other variables are listed with their class and dimensions but no data (and compressed ones are
     * not inflated past their name).
     *
     * @throws DataFormatException naming the file and byte offset when the file is not a valid MAT v5 file
     */
    public static Map<String, MatArray> read(Path file, Set<String> wanted) throws IOException {
        Map<String, MatArray> out = new LinkedHashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] header = raw.readNBytes(128);
            String text = new String(header, 0, Math.min(116, header.length), StandardCharsets.ISO_8859_1);
            if (text.startsWith("MATLAB 7.3")) {
                throw new DataFormatException(file + ": MATLAB v7.3 (HDF5) MAT-file is not supported; save it with"
                        + " -v7 or -v6 or use the official SVHN files");
            }
            if (header.length < 128) {
                throw new DataFormatException(file + ": truncated MAT-file header (" + header.length + " of 128 bytes)");
            }
            ByteOrder order;
            if (header[126] == 'I' && header[127] == 'M') {
                order = ByteOrder.LITTLE_ENDIAN;
            } else if (header[126] == 'M' && header[127] == 'I') {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                throw new DataFormatException(file + ": not a MATLAB v5 MAT-file (no 'MI'/'IM' endian indicator at"
                        + " byte 126 of the header)");
            }
            Input in = new Input(raw, order, file.toString(), 128, "");
            while (true) {
                long at = in.pos;
                int first = raw.read();
                if (first < 0) {
                    break;
                }
                in.pos++;
                int[] tag = in.tagAfterFirstByte(first, "data element tag");
                int type = tag[0];
                long size = tag[1] & 0xffffffffL;
                boolean small = tag[2] != 0;
                if (type == MatArray.MI_COMPRESSED) {
                    LimitedInputStream bounded = new LimitedInputStream(raw, size);
                    Inflater inflater = new Inflater();
                    try {
                        InputStream inflated = new InflaterInputStream(bounded, inflater, 1 << 16);
                        Input inner = new Input(inflated, order, file.toString(), 0,
                                " in the compressed element at byte " + at);
                        int[] innerTag = inner.tag("compressed matrix tag");
                        if (innerTag[0] != MatArray.MI_MATRIX) {
                            throw inner.error("compressed element holds data type " + innerTag[0]
                                    + ", expected miMATRIX (14)");
                        }
                        MatArray a = readMatrix(inner, innerTag[1] & 0xffffffffL, wanted);
                        out.put(a.name(), a);
                    } finally {
                        inflater.end();
                    }
                    long missing = bounded.drain();
                    if (missing > 0) {
                        throw new DataFormatException(file + ": truncated: the compressed element at byte " + at
                                + " needs " + size + " bytes but the file ends " + missing + " bytes early");
                    }
                    in.pos += size;
                } else if (type == MatArray.MI_MATRIX && !small) {
                    long start = in.pos;
                    MatArray a = readMatrix(in, size, wanted);
                    out.put(a.name(), a);
                    long rest = start + size - in.pos;
                    if (rest < 0) {
                        throw in.error("matrix '" + a.name() + "' extends " + (-rest) + " bytes past its declared size "
                                + size);
                    }
                    in.skip(rest, "rest of matrix '" + a.name() + "'");
                    in.pad(size);
                } else {
                    if (!small) {
                        in.skip(size, "data element of type " + type);
                        in.pad(size);
                    }
                }
            }
        }
        return out;
    }

    private static boolean numeric(int matClass) {
        return matClass >= MatArray.MX_DOUBLE && matClass <= MatArray.MX_UINT64;
    }

    /**
     * Read the body of a miMATRIX element of {@code size} bytes (tag already consumed) up to the end of its
     * real part, or of its name when its data is not wanted; the caller skips the rest.
     */
    private static MatArray readMatrix(Input in, long size, Set<String> wanted) throws IOException {
        int[] flagsTag = in.tag("array flags tag");
        if (flagsTag[0] != MatArray.MI_UINT32 || flagsTag[1] != 8) {
            throw in.error("matrix does not start with an array-flags sub-element (miUINT32, 8 bytes)");
        }
        int flags = in.u32("array flags");
        in.u32("array flags (nzmax)");
        int matClass = flags & 0xff;
        boolean complex = (flags & 0x0800) != 0;
        int[] dimsTag = in.tag("dimensions tag");
        if (dimsTag[0] != MatArray.MI_INT32 || dimsTag[1] % 4 != 0 || dimsTag[1] < 8) {
            throw in.error("matrix dimensions sub-element is not an miINT32 array of at least 2 values");
        }
        int[] dims = new int[dimsTag[1] / 4];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = in.u32("dimension " + i);
            if (dims[i] < 0) {
                throw in.error("negative dimension " + dims[i]);
            }
        }
        in.padTag(dimsTag);
        int[] nameTag = in.tag("array name tag");
        if (nameTag[0] != MatArray.MI_INT8 && nameTag[0] != MatArray.MI_UINT8 && nameTag[0] != MatArray.MI_UTF8) {
            throw in.error("array name sub-element has type " + nameTag[0] + ", expected miINT8");
        }
        byte[] nameBytes = in.bytes(nameTag, "array name");
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        boolean want = numeric(matClass) && (wanted == null || wanted.contains(name));
        if (!want) {
            return new MatArray(name, matClass, dims, complex, 0, null, in.order);
        }
        int[] realTag = in.tag("real part tag of '" + name + "'");
        int elem = MatArray.elementSize(realTag[0]);
        long count = 1;
        for (int d : dims) {
            count *= d;
        }
        if (elem < 0) {
            throw in.error("variable '" + name + "': real part has non-numeric data type " + realTag[0]);
        }
        long bytes = realTag[1] & 0xffffffffL;
        if (bytes != count * elem) {
            throw in.error("variable '" + name + "': real part has " + bytes + " bytes, but dimensions "
                    + java.util.Arrays.toString(dims) + " need " + count * elem);
        }
        if (bytes > Integer.MAX_VALUE - 16) {
            throw in.error("variable '" + name + "' of " + bytes + " bytes is too large to read");
        }
        byte[] data = in.bytes(realTag, "real part of '" + name + "'");
        return new MatArray(name, matClass, dims, complex, realTag[0], data, in.order);
    }

    /** A byte stream of a MAT-file with position tracking and its byte order. */
    private static final class Input {
        final InputStream in;
        final ByteOrder order;
        final String file;
        final String context;
        long pos;

        Input(InputStream in, ByteOrder order, String file, long pos, String context) {
            this.in = in;
            this.order = order;
            this.file = file;
            this.pos = pos;
            this.context = context;
        }

        DataFormatException error(String what) {
            return new DataFormatException(file + ": " + what + " (at byte " + pos + context + ")");
        }

        private byte[] exactly(int n, String what) throws IOException {
            byte[] b = new byte[n];
            int got;
            try {
                got = in.readNBytes(b, 0, n);
            } catch (EOFException e) {
                throw new DataFormatException(file + ": truncated at byte " + pos + context + " while reading "
                        + what, e);
            } catch (java.util.zip.ZipException e) {
                throw new DataFormatException(file + ": corrupt compressed data at byte " + pos + context
                        + " while reading " + what + " (" + e.getMessage() + ")", e);
            }
            if (got < n) {
                throw new DataFormatException(file + ": truncated at byte " + (pos + got) + context
                        + " while reading " + what + " (" + got + " of " + n + " bytes)");
            }
            pos += n;
            return b;
        }

        int toInt(byte[] b, int off) {
            if (order == ByteOrder.LITTLE_ENDIAN) {
                return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
            }
            return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
        }

        int u32(String what) throws IOException {
            return toInt(exactly(4, what), 0);
        }

        /**
         * A tag: {type, byte count, small?}; for a small element the 4 data bytes stay to be read by {@link #bytes}.
         */
        int[] tag(String what) throws IOException {
            return decodeTag(exactly(8, what));
        }

        int[] tagAfterFirstByte(int first, String what) throws IOException {
            byte[] rest = exactly(7, what);
            byte[] all = new byte[8];
            all[0] = (byte) first;
            System.arraycopy(rest, 0, all, 1, 7);
            return decodeTag(all);
        }

        private byte[] smallData;

        private int[] decodeTag(byte[] t) {
            int w = toInt(t, 0);
            if ((w >>> 16) != 0) {
                smallData = new byte[4];
                System.arraycopy(t, 4, smallData, 0, 4);
                return new int[] {w & 0xffff, w >>> 16, 1};
            }
            smallData = null;
            return new int[] {w, toInt(t, 4), 0};
        }

        /** The data of the element whose tag was just read, consuming its padding. */
        byte[] bytes(int[] tag, String what) throws IOException {
            if (tag[2] != 0) {
                if (tag[1] > 4) {
                    throw error("small data element of " + tag[1] + " bytes (at most 4 allowed)");
                }
                return java.util.Arrays.copyOf(smallData, tag[1]);
            }
            byte[] b = exactly(tag[1], what);
            pad(tag[1]);
            return b;
        }

        void padTag(int[] tag) throws IOException {
            if (tag[2] == 0) {
                pad(tag[1]);
            }
        }

        void pad(long size) throws IOException {
            int p = (int) ((8 - size % 8) % 8);
            if (p > 0) {
                exactly(p, "padding");
            }
        }

        void skip(long n, String what) throws IOException {
            while (n > 0) {
                int step = (int) Math.min(n, 1 << 20);
                exactly(step, what);
                n -= step;
            }
        }
    }
}
