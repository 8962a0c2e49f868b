package clel.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataDesc;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.nn.FrozenParameters;
import clel.run.Checkpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A block's parameters (weights and buffers: BatchNorm statistics, power-iteration vectors) as bytes, in
 * DJL's versioned parameter format, and back.
 *
 * <p>Stored bytes are untrusted. Before DJL reads them they are checked against the block's own serialization (its
 * template): everything between the arrays (block versions, input shapes, parameter names) must be the template's
 * bytes, and every array a well-formed {@link ArrayRecord} of the template's type and shape. Only the arrays' names and
 * values may differ, so DJL never allocates what a crafted header claims.
 */
public final class BlockState {
    private BlockState() {
    }

    /**
     * A block's parameters in DJL's serialization, as checkpoints store them.
     *
     * @param block an initialized block
     * @return its parameters' bytes
     */
    public static byte[] save(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize parameters: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * Loads parameters saved by {@link #save} into an initialized block of the same architecture and turns
     * gradients back on for its trainable arrays.
     *
     * @param block   an initialized block
     * @param manager the manager of the loaded arrays
     * @param state   bytes written by {@link #save} (untrusted)
     * @param what    names the source in error messages (e.g. "checkpoint runs/x/last.ckpt, entry ebm")
     * @throws IOException naming the source when the bytes are not this block's parameters
     */
    public static void load(Block block, NDManager manager, byte[] state, String what) throws IOException {
        load(block, manager, Template.of(block, parameterBytes(block), what), state, what);
    }

    /**
     * Loads a checkpoint's entry into an initialized block, inflating the entry to at most the size this block's
     * parameters take (a larger entry is refused before it is read, and one smaller than the parameters' values before
     * the block is serialized to compare with it).
     *
     * @param block      an initialized block
     * @param manager    the manager of the loaded arrays
     * @param checkpoint the checkpoint's contents
     * @param entry      the entry's name
     * @param file       the checkpoint's file, named in messages
     * @throws IOException naming the file and entry when it is missing, too large or too small, or not this block's
     *                     parameters
     */
    public static void load(Block block, NDManager manager, Checkpoint checkpoint, String entry, Path file)
            throws IOException {
        String what = file + " entry " + entry;
        long parameterBytes = parameterBytes(block);
        long stored = checkpoint.storedSize(entry);
        if (stored >= 0 && stored < parameterBytes) {
            throw new IOException(what + ": holds " + stored + " bytes, fewer than the " + parameterBytes + " bytes of "
                    + "the parameters of the networks it is for (saved from a different architecture, or damaged)");
        }
        Template template = Template.of(block, parameterBytes, what);
        load(block, manager, template, checkpoint.require(entry, file, template.maxStoredSize()), what);
    }

    /** The bytes of the values of a block's parameters. */
    private static long parameterBytes(Block block) {
        long bytes = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            bytes += a.size() * a.getDataType().getNumOfBytes();
        }
        return bytes;
    }

    private static void load(Block block, NDManager manager, Template template, byte[] state, String what)
            throws IOException {
        template.check(state, what);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            block.loadParameters(manager, in);
            if (in.available() > 0) {
                throw new IOException(what + ": " + in.available() + " unexpected trailing bytes (architecture mismatch?)");
            }
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            throw new IOException(what + ": parameters do not match the model architecture (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new IOException(what + ": parameter data is truncated", e);
        }
        FrozenParameters.enableGradients(block);
    }

    /**
     * A block's own serialization with the place of every parameter's array in it.
     *
     * @param bytes   the serialization
     * @param names   the parameters' full names, in order
     * @param records each parameter's array in {@code bytes}
     */
    private record Template(byte[] bytes, List<String> names, List<ArrayRecord> records) {
        /**
         * Copies of the parameters' bytes the Java heap holds at once while a template is made and compared: the
         * serialization growing in its stream and copied out of it, then the stored entry beside it.
         */
        static final int HEAP_COPIES = 3;

        /**
         * The block's template; an IOException naming {@code what} when its parameters ({@code parameterBytes}) would
         * not fit the Java heap {@value #HEAP_COPIES} times (DJL's native copy of an array into the heap crashes the JVM
         * where it should throw OutOfMemoryError, so a model too large for the heap, e.g. one a checkpoint's
         * configuration describes at the configured maxima, is refused before serializing).
         */
        static Template of(Block block, long parameterBytes, String what) throws IOException {
            long heap = Runtime.getRuntime().maxMemory();
            if (parameterBytes > Integer.MAX_VALUE - 8 || HEAP_COPIES * parameterBytes > heap) {
                throw new IOException(what + ": not enough memory to load it (the networks it is for have "
                        + parameterBytes / (1 << 20) + " MB of parameters, to be held " + HEAP_COPIES + " times; the "
                        + "Java heap holds " + heap / (1 << 20) + " MB; for a genuine file raise CLEL_HEAP)");
            }
            byte[] bytes = save(block);
            List<String> names = new ArrayList<>();
            List<ArrayRecord> records = new ArrayList<>();
            int from = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                int at = arrayAfterHeader(bytes, from, p.getValue().getName());
                ArrayRecord r = ArrayRecord.read(bytes, at, "the model's own parameter " + p.getKey());
                names.add(p.getKey());
                records.add(r);
                from = r.end();
            }
            return new Template(bytes, names, records);
        }

        /** The most bytes a stored copy may take: arrays may carry other names than the template's. */
        long maxStoredSize() {
            return bytes.length + (long) records.size() * (ArrayRecord.MAX_NAME_BYTES + 3);
        }

        /** Refuses stored bytes that differ from this template anywhere but in the arrays' names and values. */
        void check(byte[] state, String what) throws IOException {
            int t = 0;
            int s = 0;
            for (int i = 0; i < records.size(); i++) {
                ArrayRecord expected = records.get(i);
                String where = "before parameter " + names.get(i);
                s = same(state, s, t, expected.start() - t, what, where);
                ArrayRecord stored = ArrayRecord.read(state, s, what + " parameter " + names.get(i));
                stored.require(new DataDesc(expected.shape(), expected.type()), what + ": parameter " + names.get(i));
                s = stored.end();
                t = expected.end();
            }
            s = same(state, s, t, bytes.length - t, what, "after the last parameter");
            if (s != state.length) {
                throw new IOException(what + ": " + (state.length - s) + " unexpected trailing bytes (architecture mismatch?)");
            }
        }

        /** Compares {@code length} bytes of the state at {@code s} with the template's at {@code t}; returns s + length. */
        private int same(byte[] state, int s, int t, int length, String what, String where) throws IOException {
            for (int k = 0; k < length; k++) {
                if (s + k >= state.length) {
                    throw new IOException(what + ": parameter data is truncated (at byte " + (s + k) + ", " + where + ")");
                }
                if (state[s + k] != bytes[t + k]) {
                    throw new IOException(what + ": not this model's parameters: byte " + (s + k) + " (" + where
                            + ") differs from the model's layout; saved from a different architecture, or damaged");
                }
            }
            return s + length;
        }

        /**
         * Where the array of the parameter named {@code name} starts: after DJL's parameter header ('P', version,
         * name), the first such header at or after {@code from}.
         */
        private static int arrayAfterHeader(byte[] b, int from, String name) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] mark = {0, 4, 'N', 'D', 'A', 'R'};
            for (int i = from; i + 5 + n.length + mark.length <= b.length; i++) {
                if (b[i] == 0 && b[i + 1] == 'P' && b[i + 3] == (byte) (n.length >> 8) && b[i + 4] == (byte) n.length
                        && Arrays.equals(b, i + 5, i + 5 + n.length, n, 0, n.length)
                        && Arrays.equals(b, i + 5 + n.length, i + 5 + n.length + mark.length, mark, 0,
                        mark.length)) {
                    return i + 5 + n.length;
                }
            }
            throw new IllegalStateException("parameter " + name + " not found in the block's own serialization");
        }
    }
}
