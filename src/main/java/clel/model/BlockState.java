package clel.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import clel.nn.FrozenParameters;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A block's parameters (weights and buffers: BatchNorm statistics, power-iteration vectors) as bytes, in
 * DJL's versioned parameter format, and back.
 */
public final class BlockState {
    private BlockState() {
    }

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
     * @param what names the source in error messages (e.g. "checkpoint runs/x/last.ckpt, entry ebm")
     */
    public static void load(Block block, NDManager manager, byte[] state, String what) throws IOException {
        java.util.Map<String, ai.djl.ndarray.types.Shape> expected = new java.util.LinkedHashMap<>();
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
            expected.put(p.getKey(), p.getValue().getShape());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            block.loadParameters(manager, in);
            if (in.available() > 0) {
                throw new IOException(what + ": " + in.available() + " unexpected trailing bytes (architecture mismatch?)");
            }
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            throw new IOException(what + ": parameters do not match the model architecture (" + e.getMessage() + ")", e);
        } catch (java.io.EOFException e) {
            throw new IOException(what + ": parameter data is truncated", e);
        }
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
            ai.djl.ndarray.types.Shape got = p.getValue().getArray().getShape();
            if (!got.equals(expected.get(p.getKey()))) {
                throw new IOException(what + ": parameter " + p.getKey() + " has shape " + got + " but the model expects "
                        + expected.get(p.getKey()) + " (saved from a different architecture)");
            }
        }
        FrozenParameters.enableGradients(block);
    }
}
