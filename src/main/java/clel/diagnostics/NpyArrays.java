package clel.diagnostics;

import ai.djl.ndarray.NDArray;
import clel.evaluation.NpyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The arrays of a step export as float32 {@code .npy} files, written atomically. */
final class NpyArrays {
    private NpyArrays() {
    }

    /** Writes {@code a} with its own shape. */
    static void write(Path file, NDArray a) {
        long[] s = a.getShape().getShape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = Math.toIntExact(s[i]);
        }
        write(file, a.toFloatArray(), shape);
    }

    /** Writes {@code parts}, all of one size, one after the other as one array of {@code shape}. */
    static void writeStacked(Path file, List<float[]> parts, int[] shape) {
        int per = parts.isEmpty() ? 0 : parts.get(0).length;
        float[] all = new float[parts.size() * per];
        for (int i = 0; i < parts.size(); i++) {
            System.arraycopy(parts.get(i), 0, all, i * per, per);
        }
        write(file, all, shape);
    }

    private static void write(Path file, float[] values, int[] shape) {
        try {
            NpyFile.writeFloat32(file, values, shape);
        } catch (IOException e) {
            throw new UncheckedIOException("step export: cannot write " + file, e);
        }
    }
}
