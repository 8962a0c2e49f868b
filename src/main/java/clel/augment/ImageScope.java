package clel.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Memory scoping and shape checks shared by the transforms of this package.
 *
 * <p>{@link #run} temporarily attaches the input batch to a fresh sub-manager of its own manager, so that
 * every op result (which belongs to the manager of its left operand) and every constant created from
 * {@code images.getManager()} is a temporary of that sub-manager; the result alone is moved to the
 * input's manager before the sub-manager is closed, which returns the input to its manager.
 */
final class ImageScope {
    private ImageScope() {
    }

    /**
     * Runs {@code body} on {@code images} inside a temporary sub-manager.
     *
     * @return the body's result, attached to the input's manager; a copy if the body returned its input
     */
    static NDArray run(NDArray images, UnaryOperator<NDArray> body) {
        NDManager owner = images.getManager();
        try (NDManager scope = owner.newSubManager()) {
            images.tempAttach(scope);
            NDArray out = body.apply(images);
            if (out == images) {
                out = images.duplicate();
            }
            out.attach(owner);
            return out;
        }
    }

    /**
     * Checks that {@code images} is a float32 batch of shape (B, C, H, W) with C = 1 or 3.
     *
     * @param operation name used in the error message
     * @return the shape as {B, C, H, W}
     * @throws IllegalArgumentException when the array is not such a batch
     */
    static int[] check(NDArray images, String operation) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || (shape.get(1) != 1 && shape.get(1) != 3)) {
            throw new IllegalArgumentException(operation + ": expected images of shape (B, C, H, W) with C = 1 or 3, got "
                    + shape);
        }
        if (images.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(operation + ": expected float32 images, got " + images.getDataType());
        }
        if (shape.get(2) <= 0 || shape.get(3) <= 0) {
            throw new IllegalArgumentException(operation + ": image height and width must be positive, got " + shape);
        }
        return new int[] {(int) shape.get(0), (int) shape.get(1), (int) shape.get(2), (int) shape.get(3)};
    }

    /**
     * Checks that a per-image parameter array has one entry per image.
     *
     * @throws IllegalArgumentException naming the parameter otherwise
     */
    static void checkLength(int length, int batch, String operation, String parameter) {
        if (length != batch) {
            throw new IllegalArgumentException(operation + ": " + parameter + " has " + length
                    + " entries for a batch of " + batch + " images");
        }
    }

    /** A boolean (B, 1, 1, 1) mask broadcast (without copying) to {@code shape}, in {@code manager}. */
    static NDArray mask(NDManager manager, boolean[] mask, Shape shape) {
        return manager.create(mask).reshape(mask.length, 1, 1, 1).broadcast(shape);
    }

    /** A float (B, 1, 1, 1) array of per-image values, in {@code manager}. */
    static NDArray perImage(NDManager manager, float[] values) {
        return manager.create(values).reshape(values.length, 1, 1, 1);
    }

    /**
     * Applies {@code body} to the images whose flag is set and copies the others unchanged, inside the caller's
     * scope. The body receives the selected images (in batch order; {@code x} itself when all are selected) and
     * their batch indices, and returns as many images of the same shape.
     *
     * @param x        (B, C, H, W)
     * @param selected B flags, at least one set
     * @return (B, C, H, W) in x's manager
     */
    static NDArray onSubset(NDArray x, boolean[] selected, BiFunction<NDArray, int[], NDArray> body) {
        int batch = selected.length;
        int count = 0;
        for (boolean s : selected) {
            count += s ? 1 : 0;
        }
        int[] indices = new int[count];
        long[] chosen = new long[count];
        long[] source = new long[batch]; // row of concat(processed subset, x) that image b comes from
        int n = 0;
        for (int b = 0; b < batch; b++) {
            if (selected[b]) {
                indices[n] = b;
                chosen[n] = b;
                source[b] = n++;
            } else {
                source[b] = count + b;
            }
        }
        if (count == batch) {
            return body.apply(x, indices);
        }
        NDManager manager = x.getManager();
        NDArray processed = body.apply(x.get(manager.create(chosen)), indices);
        return processed.concat(x, 0).get(manager.create(source));
    }

    /** The entries of {@code values} at {@code indices}. */
    static float[] pick(float[] values, int[] indices) {
        float[] out = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }
}
