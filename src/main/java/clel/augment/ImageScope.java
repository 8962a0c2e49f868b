package clel.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

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
}
