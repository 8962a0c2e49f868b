package clel.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataDesc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A list of arrays stored with NDList#encode (an optimizer's state), read back only when it holds exactly the arrays
 * the reader expects: their number, and each one's type and shape ({@link ArrayRecord}), checked before DJL decodes
 * anything.
 */
public final class NDListState {
    private NDListState() {
    }

    /**
     * @param layout the shapes and types of the arrays, in order
     * @return the most bytes the encoding of such arrays can take
     */
    public static long maxSize(List<DataDesc> layout) {
        long size = Integer.BYTES;
        for (DataDesc d : layout) {
            size += ArrayRecord.maxEncodedSize(d);
        }
        return size;
    }

    /**
     * Decodes {@code bytes} into arrays of {@code manager}.
     *
     * @param manager the manager of the arrays
     * @param bytes   the encoded arrays (untrusted)
     * @param layout  the type and shape of every array, in order
     * @param what    names the source in errors (file and entry)
     * @return the arrays
     * @throws IOException naming the source and the first array that is not as expected
     */
    public static NDList decode(NDManager manager, byte[] bytes, List<DataDesc> layout, String what) throws IOException {
        if (bytes.length < Integer.BYTES) {
            throw new IOException(what + ": truncated (" + bytes.length + " bytes)");
        }
        int count = ByteBuffer.wrap(bytes).getInt();
        if (count != layout.size()) {
            throw new IOException(what + ": holds " + count + " arrays, expected " + layout.size()
                    + " (saved from a different architecture, or damaged)");
        }
        int at = Integer.BYTES;
        for (int i = 0; i < count; i++) {
            ArrayRecord r = ArrayRecord.read(bytes, at, what + " array " + i);
            r.require(layout.get(i), what + ": array " + i);
            at = r.end();
        }
        if (at != bytes.length) {
            throw new IOException(what + ": " + (bytes.length - at) + " unexpected trailing bytes");
        }
        try {
            return NDList.decode(manager, bytes);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(what + ": not readable (" + e.getMessage() + ")", e);
        }
    }
}
