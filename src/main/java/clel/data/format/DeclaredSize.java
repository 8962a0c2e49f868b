package clel.data.format;

import java.io.IOException;
import java.util.Arrays;

/**
 * Sizes a data file declares in its header, checked before anything is allocated for them: products are computed
 * without overflow, compared with what the JVM can hold in one array, and read so that a header that lies costs no
 * more memory than the bytes the file really holds.
 */
final class DeclaredSize {
    /** The largest byte array the JVM allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    /** Bytes read at first when the stream's real length is not known (it grows as data arrives). */
    private static final int FIRST_CHUNK = 1 << 20;

    private DeclaredSize() {
    }

    /** Reads up to {@code len} bytes into {@code b} at {@code off}; -1 at the end of the data. */
    @FunctionalInterface
    interface Chunks {
        int read(byte[] b, int off, int len) throws IOException;
    }

    /**
     * The product of non-negative factors as a long.
     *
     * @param where the file (and place in it) for the message
     * @param what  what the factors count, e.g. "4 images of 28x28"
     * @throws DataFormatException when a factor is negative or the product overflows
     */
    static long product(String where, String what, long... factors) throws DataFormatException {
        long p = 1;
        for (long f : factors) {
            if (f < 0) {
                throw new DataFormatException(where + ": " + what + ": negative size " + f);
            }
            try {
                p = Math.multiplyExact(p, f);
            } catch (ArithmeticException e) {
                throw new DataFormatException(where + ": " + what + " is too large (its size overflows)");
            }
        }
        return p;
    }

    /**
     * The product of the factors as a byte-array length.
     *
     * @throws DataFormatException when it overflows or is more than one array can hold (about 2 GiB)
     */
    static int arrayLength(String where, String what, long... factors) throws DataFormatException {
        long p = product(where, what, factors);
        if (p > MAX_ARRAY) {
            throw new DataFormatException(where + ": " + what + " need " + p + " bytes, more than the "
                    + MAX_ARRAY + " bytes one in-memory array can hold");
        }
        return (int) p;
    }

    /**
     * Requires {@code declared} bytes to fit in the {@code remaining} bytes of a file.
     *
     * @throws DataFormatException "WHERE: truncated: WHAT declares N bytes but only M remain in the file"
     */
    static void requireWithin(String where, String what, long declared, long remaining) throws DataFormatException {
        if (declared < 0 || declared > remaining) {
            throw new DataFormatException(where + ": truncated: " + what + " declares " + declared + " bytes but only "
                    + Math.max(0, remaining) + " remain in the file");
        }
    }

    /**
     * Reads up to {@code declared} bytes, allocating as the data arrives (first 1 MiB, then doubling up to
     * {@code declared}): a header declaring more than the stream holds costs at most twice what it really holds.
     *
     * @return the bytes read, {@code declared} of them unless the data ended early (then fewer)
     */
    static byte[] readUpTo(Chunks in, int declared) throws IOException {
        if (declared < 0) {
            throw new IllegalArgumentException("negative size " + declared);
        }
        byte[] buf = new byte[Math.min(declared, FIRST_CHUNK)];
        int got = 0;
        while (true) {
            if (got == buf.length) {
                if (got == declared) {
                    return buf;
                }
                buf = Arrays.copyOf(buf, (int) Math.min(declared, 2L * buf.length));
            }
            int r = in.read(buf, got, buf.length - got);
            if (r < 0) {
                return Arrays.copyOf(buf, got);
            }
            got += r;
        }
    }
}
