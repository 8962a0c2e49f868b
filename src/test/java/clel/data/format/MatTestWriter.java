package clel.data.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

/** Writes small little-endian MATLAB v5 files byte by byte for the tests, plain or with miCOMPRESSED elements. */
final class MatTestWriter {
    private final boolean compressed;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    MatTestWriter(boolean compressed) {
        this.compressed = compressed;
        byte[] header = new byte[128];
        Arrays.fill(header, (byte) ' ');
        byte[] text = "MATLAB 5.0 MAT-file, written by clel tests".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, header, 0, text.length);
        Arrays.fill(header, 116, 124, (byte) 0);
        header[124] = 0x00;
        header[125] = 0x01;
        header[126] = 'I';
        header[127] = 'M';
        out.writeBytes(header);
    }

    MatTestWriter uint8(String name, int[] dims, byte[] data) {
        return add(name, MatArray.MX_UINT8, dims, MatArray.MI_UINT8, data);
    }

    MatTestWriter doubles(String name, int[] dims, double[] values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            bb.putDouble(v);
        }
        return add(name, MatArray.MX_DOUBLE, dims, MatArray.MI_DOUBLE, bb.array());
    }

    /** Any class with any storage type (MATLAB stores integer-valued doubles as miUINT8, for example). */
    MatTestWriter add(String name, int matClass, int[] dims, int storageType, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, MatArray.MI_UINT32, le(matClass, 0));
        byte[] d = new byte[dims.length * 4];
        ByteBuffer bb = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : dims) {
            bb.putInt(x);
        }
        element(body, MatArray.MI_INT32, d);
        element(body, MatArray.MI_INT8, name.getBytes(StandardCharsets.US_ASCII));
        element(body, storageType, data);
        ByteArrayOutputStream matrix = new ByteArrayOutputStream();
        tag(matrix, MatArray.MI_MATRIX, body.size());
        matrix.writeBytes(body.toByteArray());
        if (!compressed) {
            out.writeBytes(matrix.toByteArray());
        } else {
            Deflater def = new Deflater();
            def.setInput(matrix.toByteArray());
            def.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!def.finished()) {
                int n = def.deflate(buf);
                z.write(buf, 0, n);
            }
            def.end();
            tag(out, MatArray.MI_COMPRESSED, z.size());
            out.writeBytes(z.toByteArray());
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private static byte[] le(int a, int b) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(a).putInt(b).array();
    }

    private static void tag(ByteArrayOutputStream o, int type, int size) {
        o.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(size).array());
    }

    /** A data element; 1..4 byte payloads use the small-element form, as MATLAB writes short names. */
    private static void element(ByteArrayOutputStream o, int type, byte[] data) {
        if (data.length > 0 && data.length <= 4) {
            ByteBuffer bb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            bb.putInt((data.length << 16) | type);
            bb.put(data);
            o.writeBytes(bb.array());
            return;
        }
        tag(o, type, data.length);
        o.writeBytes(data);
        int pad = (8 - data.length % 8) % 8;
        o.writeBytes(new byte[pad]);
    }
}
