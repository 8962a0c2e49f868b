package clel.data.format;

import java.io.IOException;
import java.io.InputStream;

/** At most {@code limit} bytes of an underlying stream, which is not closed (a sub-element of a file). */
final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    LimitedInputStream(InputStream in, long limit) {
        this.in = in;
        this.remaining = limit;
    }

    long remaining() {
        return remaining;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    /** Skip whatever is left of the limit; returns the number of bytes that could not be skipped (EOF). */
    long drain() throws IOException {
        byte[] buf = new byte[8192];
        while (remaining > 0) {
            int n = read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) {
                break;
            }
        }
        return remaining;
    }

    @Override
    public void close() {
        // the underlying stream belongs to the caller
    }
}
