package clel.data.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 *
 * <p>Untrusted files: every declared size is checked before anything is allocated for it, against the end of its
 * element and of the file (a compressed element's inflated data is read as it arrives, so a size that lies costs no
 * more memory than the data really there); dimensions are multiplied without overflow; names are at most
 * {@value #MAX_NAME_BYTES} bytes and a variable has at most {@value #MAX_DIMENSIONS} dimensions. A caller's
 * {@link HeaderCheck} sees a wanted variable's class, dimensions and storage type before its data is read.
 */
public final class MatV5Reader {
    /** Longest variable name read (MATLAB's own limit is 63 characters). */
    public static final int MAX_NAME_BYTES = 4096;
    /** Most dimensions a variable may have. */
    public static final int MAX_DIMENSIONS = 32;

    /** Checks a wanted variable before its data is read (the header has no data yet); throws to refuse it. */
    @FunctionalInterface
    public interface HeaderCheck {
        /** @throws DataFormatException naming the file and what is wrong with the variable */
        void check(MatArray header) throws DataFormatException;
    }

    private MatV5Reader() {
    }

    /** Read every variable of the file. */
    public static Map<String, MatArray> read(Path file) throws IOException {
        return read(file, null, h -> { });
    }

    /** Read the variables of the file, with data only for the {@code wanted} names (all when null). */
    public static Map<String, MatArray> read(Path file, Set<String> wanted) throws IOException {
        return read(file, wanted, h -> { });
    }

    /**
     * Read the variables of the file, in file order, with data only for the {@code wanted} names (all when
     * null); other variables are listed with their class and dimensions but no data (and compressed ones are
     * not inflated past their name). Each wanted numeric variable passes {@code check} before its data is read.
     *
     * @throws DataFormatException naming the file and byte offset when the file is not a valid MAT v5 file
     */
    public static Map<String, MatArray> read(Path file, Set<String> wanted, HeaderCheck check) throws IOException {
        Map<String, MatArray> out = new LinkedHashMap<>();
        long fileLength = Files.size(file);
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
            MatInput in = new MatInput(raw, order, file.toString(), 128, fileLength, "");
            while (true) {
                long at = in.pos;
                int first = raw.read();
                if (first < 0) {
                    break;
                }
                in.pos++;
                MatInput.Tag tag = in.tagAfterFirstByte(first, "data element tag");
                if (tag.small()) {
                    continue;
                }
                long size = tag.size();
                in.requireRemaining(size, "the data element at byte " + at);
                if (tag.type() == MatArray.MI_COMPRESSED) {
                    out.putAll(readCompressed(raw, in, at, size, wanted, check));
                    in.pos += size;
                } else if (tag.type() == MatArray.MI_MATRIX) {
                    long start = in.pos;
                    MatArray a = readMatrix(in, start + size, wanted, check);
                    out.put(a.name(), a);
                    in.skip(start + size - in.pos, "rest of matrix '" + a.name() + "'");
                    in.pad(size);
                } else {
                    in.skip(size, "data element of type " + tag.type());
                    in.pad(size);
                }
            }
        }
        return out;
    }

    /** The matrix of the miCOMPRESSED element of {@code size} bytes at {@code at}, inflated as it is read. */
    private static Map<String, MatArray> readCompressed(InputStream raw, MatInput outer, long at, long size,
                                                        Set<String> wanted, HeaderCheck check) throws IOException {
        LimitedInputStream bounded = new LimitedInputStream(raw, size);
        Inflater inflater = new Inflater();
        MatArray a;
        try {
            InputStream inflated = new InflaterInputStream(bounded, inflater, 1 << 16);
            MatInput inner = new MatInput(inflated, outer.order, outer.file(), 0, Long.MAX_VALUE,
                    " in the compressed element at byte " + at);
            MatInput.Tag innerTag = inner.tag("compressed matrix tag");
            if (innerTag.type() != MatArray.MI_MATRIX || innerTag.small()) {
                throw inner.error("compressed element holds data type " + innerTag.type() + ", expected miMATRIX (14)");
            }
            a = readMatrix(inner, inner.pos + innerTag.size(), wanted, check);
        } finally {
            inflater.end();
        }
        long missing = bounded.drain();
        if (missing > 0) {
            throw new DataFormatException(outer.file() + ": truncated: the compressed element at byte " + at
                    + " needs " + size + " bytes but the file ends " + missing + " bytes early");
        }
        return Map.of(a.name(), a);
    }

    private static boolean numeric(int matClass) {
        return matClass >= MatArray.MX_DOUBLE && matClass <= MatArray.MX_UINT64;
    }

    /**
     * Read the body of a miMATRIX element ending at {@code end} (tag already consumed) up to the end of its real
     * part, or of its name when its data is not wanted; the caller skips the rest.
     */
    private static MatArray readMatrix(MatInput in, long end, Set<String> wanted, HeaderCheck check)
            throws IOException {
        long outerEnd = in.end;
        in.end = Math.min(outerEnd, end);
        try {
            return readMatrixBody(in, wanted, check);
        } finally {
            in.end = outerEnd;
        }
    }

    private static MatArray readMatrixBody(MatInput in, Set<String> wanted, HeaderCheck check) throws IOException {
        MatInput.Tag flagsTag = in.tag("array flags tag");
        if (flagsTag.type() != MatArray.MI_UINT32 || flagsTag.size() != 8 || flagsTag.small()) {
            throw in.error("matrix does not start with an array-flags sub-element (miUINT32, 8 bytes)");
        }
        int flags = in.u32("array flags");
        in.u32("array flags (nzmax)");
        int matClass = flags & 0xff;
        boolean complex = (flags & 0x0800) != 0;
        MatInput.Tag dimsTag = in.tag("dimensions tag");
        if (dimsTag.type() != MatArray.MI_INT32 || dimsTag.small() || dimsTag.size() % 4 != 0 || dimsTag.size() < 8) {
            throw in.error("matrix dimensions sub-element is not an miINT32 array of at least 2 values");
        }
        if (dimsTag.size() / 4 > MAX_DIMENSIONS) {
            throw in.error("matrix of " + dimsTag.size() / 4 + " dimensions, at most " + MAX_DIMENSIONS + " are read");
        }
        int[] dims = new int[(int) dimsTag.size() / 4];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = in.u32("dimension " + i);
            if (dims[i] < 0) {
                throw in.error("negative dimension " + dims[i]);
            }
        }
        in.padTag(dimsTag);
        long count = elementCount(in, dims);
        MatInput.Tag nameTag = in.tag("array name tag");
        if (nameTag.type() != MatArray.MI_INT8 && nameTag.type() != MatArray.MI_UINT8
                && nameTag.type() != MatArray.MI_UTF8) {
            throw in.error("array name sub-element has type " + nameTag.type() + ", expected miINT8");
        }
        if (nameTag.size() > MAX_NAME_BYTES) {
            throw in.error("array name of " + nameTag.size() + " bytes, at most " + MAX_NAME_BYTES + " allowed");
        }
        String name = new String(in.bytes(nameTag, "array name"), StandardCharsets.UTF_8);
        boolean want = numeric(matClass) && (wanted == null || wanted.contains(name));
        if (!want) {
            return new MatArray(name, matClass, dims, complex, 0, null, in.order);
        }
        MatInput.Tag realTag = in.tag("real part tag of '" + name + "'");
        int elem = MatArray.elementSize(realTag.type());
        if (elem < 0) {
            throw in.error("variable '" + name + "': real part has non-numeric data type " + realTag.type());
        }
        long bytes = DeclaredSize.product(in.file(), "variable '" + name + "' of dimensions "
                + Arrays.toString(dims), count, elem);
        if (realTag.size() != bytes) {
            throw in.error("variable '" + name + "': real part has " + realTag.size() + " bytes, but dimensions "
                    + Arrays.toString(dims) + " need " + bytes);
        }
        check.check(new MatArray(name, matClass, dims, complex, realTag.type(), null, in.order));
        byte[] data = in.bytes(realTag, "real part of '" + name + "'");
        return new MatArray(name, matClass, dims, complex, realTag.type(), data, in.order);
    }

    /** The product of the dimensions. */
    private static long elementCount(MatInput in, int[] dims) throws DataFormatException {
        long[] factors = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            factors[i] = dims[i];
        }
        return DeclaredSize.product(in.file(), "matrix of dimensions " + Arrays.toString(dims), factors);
    }
}
