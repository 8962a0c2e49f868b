package clel.data.format;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * The byte stream of a MAT v5 file (or of one inflated compressed element) for {@link MatV5Reader}: position
 * tracking for messages, the byte order, and the end of the element being read, so that no size a tag declares is
 * allocated or read past what the element (and the file) really holds.
 */
final class MatInput {
    /** One data element tag: type, declared byte count (uint32) and, for the 4-byte "small element" form, its data. */
    record Tag(int type, long size, boolean small, byte[] smallData) {
    }

    private final InputStream in;
    final ByteOrder order;
    private final String file;
    private final String context;
    private final byte[] skipBuffer = new byte[1 << 16];
    /** Byte offset of the next byte, as shown in messages. */
    long pos;
    /** Offset just past the element being read (or the file); {@link Long#MAX_VALUE} while not known. */
    long end;
    /** The end of the whole stream: the file's length, or {@link Long#MAX_VALUE} for inflated data. */
    private final long streamEnd;

    MatInput(InputStream in, ByteOrder order, String file, long pos, long end, String context) {
        this.in = in;
        this.order = order;
        this.file = file;
        this.pos = pos;
        this.end = end;
        this.streamEnd = end;
        this.context = context;
    }

    /** The file, as named in messages. */
    String file() {
        return file;
    }

    /** Bytes left before {@link #end}. */
    long remaining() {
        return end - pos;
    }

    DataFormatException error(String what) {
        return new DataFormatException(file + ": " + what + " (at byte " + pos + context + ")");
    }

    /**
     * Requires {@code size} declared bytes of {@code what} to fit before {@link #end}.
     *
     * @throws DataFormatException "FILE: truncated: WHAT declares S bytes but only R remain ... (at byte N)"
     */
    void requireRemaining(long size, String what) throws DataFormatException {
        if (size > remaining()) {
            throw new DataFormatException(file + ": truncated: " + what + " declares " + size + " bytes but only "
                    + Math.max(0, remaining()) + " remain" + (end == streamEnd ? " in the file" : " in its element")
                    + " (at byte " + pos + context + ")");
        }
    }

    /** Exactly {@code n} bytes (n small: tags, numbers, padding). */
    private byte[] exactly(int n, String what) throws IOException {
        requireRemaining(n, what);
        byte[] b = new byte[n];
        int got = readChunk(b, 0, n, what, true);
        if (got < n) {
            throw truncated(got, what, n);
        }
        pos += n;
        return b;
    }

    private DataFormatException truncated(long got, String what, long n) {
        return new DataFormatException(file + ": truncated at byte " + (pos + got) + context + " while reading "
                + what + " (" + got + " of " + n + " bytes)");
    }

    /** Reads until {@code len} bytes or the end of the data; returns the bytes read. */
    private int readChunk(byte[] b, int off, int len, String what, boolean fully) throws IOException {
        try {
            return fully ? in.readNBytes(b, off, len) : in.read(b, off, len);
        } catch (EOFException e) {
            throw new DataFormatException(file + ": truncated at byte " + pos + context + " while reading " + what, e);
        } catch (ZipException e) {
            throw new DataFormatException(file + ": corrupt compressed data at byte " + pos + context
                    + " while reading " + what + " (" + e.getMessage() + ")", e);
        }
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

    /** A tag; for a small element its 4 data bytes are part of it. */
    Tag tag(String what) throws IOException {
        return decodeTag(exactly(8, what));
    }

    /** A tag whose first byte was already read (by the caller looking for the end of the file). */
    Tag tagAfterFirstByte(int first, String what) throws IOException {
        byte[] all = new byte[8];
        all[0] = (byte) first;
        System.arraycopy(exactly(7, what), 0, all, 1, 7);
        return decodeTag(all);
    }

    private Tag decodeTag(byte[] t) {
        int w = toInt(t, 0);
        if ((w >>> 16) != 0) {
            return new Tag(w & 0xffff, w >>> 16, true, Arrays.copyOfRange(t, 4, 8));
        }
        return new Tag(w, toInt(t, 4) & 0xffffffffL, false, null);
    }

    /**
     * The data of the element whose tag was just read, consuming its padding; its size is checked against the
     * element's end first, and a stream of unknown length is read as its data arrives.
     */
    byte[] bytes(Tag tag, String what) throws IOException {
        if (tag.small()) {
            if (tag.size() > 4) {
                throw error("small data element of " + tag.size() + " bytes (at most 4 allowed)");
            }
            return Arrays.copyOf(tag.smallData(), (int) tag.size());
        }
        requireRemaining(tag.size(), what);
        int n = DeclaredSize.arrayLength(file, what, tag.size());
        byte[] b = DeclaredSize.readUpTo((buf, off, len) -> readChunk(buf, off, len, what, false), n);
        if (b.length < n) {
            throw truncated(b.length, what, n);
        }
        pos += n;
        pad(n);
        return b;
    }

    void padTag(Tag tag) throws IOException {
        if (!tag.small()) {
            pad(tag.size());
        }
    }

    void pad(long size) throws IOException {
        int p = (int) ((8 - size % 8) % 8);
        if (p > 0) {
            exactly(p, "padding");
        }
    }

    void skip(long n, String what) throws IOException {
        requireRemaining(n, what);
        while (n > 0) {
            int step = (int) Math.min(n, skipBuffer.length);
            int got = readChunk(skipBuffer, 0, step, what, true);
            if (got < step) {
                throw truncated(got, what, n);
            }
            pos += step;
            n -= step;
        }
    }
}
