package clel.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with Java constants that is safe inside an autograd graph.
 *
 * <p><b>Why this exists (DJL 0.36, PyTorch engine).</b> {@code NDArray.mul(Number)}, {@code div}, {@code pow},
 * {@code maximum}, {@code minimum}, {@code muli}, {@code divi} and the other {@code Number} overloads wrap the
 * number in a 0-d tensor made by {@code torch::from_blob} over a new direct ByteBuffer (memory that Java, not
 * torch, owns), run the op, and close that tensor at once. When the other operand requires a gradient, torch's
 * backward node has saved the scalar; once a garbage collection frees the buffer, the backward reads whatever
 * now lives there (gradients such as -3.8e33 instead of 0.5). The same holds for any array created from Java
 * memory ({@code manager.create(float[])}) that is closed while a graph still uses it.
 * {@code DjlScalarDefectTest} reproduces it in a few lines.
 *
 * <p>The constants made here come from {@code NDManager.full} or {@code duplicate()}: torch allocates and
 * reference-counts their memory, so a backward node that saved them keeps them alive even after the Java array
 * is closed. The arithmetic is the same as the {@code Number} overloads' (a 0-d float tensor operand), so results
 * are bit-identical to them whenever those were not corrupted.
 *
 * <p>Rule for this code base: no Java number and no array made from Java memory enters an autograd graph except
 * through this class. {@code add(Number)} and {@code sub(Number)} are safe (their backward does not read the
 * operand) but are routed here too on graph paths, so that the rule has no exceptions to remember.
 */
public final class GraphSafe {
    private GraphSafe() {
    }

    /** A 0-d constant owned by torch, with x's data type and device, in x's manager. */
    public static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType(), like.getDevice());
    }

    /** x * c. */
    public static NDArray mul(NDArray x, float c) {
        try (NDArray s = scalar(x, c)) {
            return x.mul(s);
        }
    }

    /** x / c. */
    public static NDArray div(NDArray x, float c) {
        try (NDArray s = scalar(x, c)) {
            return x.div(s);
        }
    }

    /** x + c. */
    public static NDArray add(NDArray x, float c) {
        try (NDArray s = scalar(x, c)) {
            return x.add(s);
        }
    }

    /** max(x, c) elementwise. */
    public static NDArray maximum(NDArray x, float c) {
        try (NDArray s = scalar(x, c)) {
            return x.maximum(s);
        }
    }

    /** x^c elementwise. */
    public static NDArray pow(NDArray x, float c) {
        try (NDArray s = scalar(x, c)) {
            return x.pow(s);
        }
    }

    /**
     * A torch-owned float32 array holding a copy of Java data, on the manager's device.
     *
     * @param manager owner of the result
     * @param data    values in row-major order
     * @param shape   shape with {@code data.length} elements
     */
    public static NDArray constant(NDManager manager, float[] data, Shape shape) {
        try (NDArray fromJava = manager.create(data, shape)) {
            return fromJava.duplicate();
        }
    }
}
