package clel.evaluation;

import java.util.Arrays;

/**
 * An n-dimensional array in C (row-major) order, as stored in a NumPy {@code .npy} file: a shape and either
 * float or unsigned-byte data. Images are stored as (N, C, H, W) like the project's tensors.
 */
public final class NpyArray {
    private final NpyDtype dtype;
    private final int[] shape;
    private final float[] floats;
    private final byte[] bytes;

    private NpyArray(NpyDtype dtype, int[] shape, float[] floats, byte[] bytes) {
        this.dtype = dtype;
        this.shape = shape;
        this.floats = floats;
        this.bytes = bytes;
    }

    /**
     * @param data  row-major float values (not copied)
     * @param shape dimensions, each >= 0, product equal to {@code data.length}; empty for a scalar
     * @return a float32 array
     * @throws IllegalArgumentException if the shape does not match the data
     */
    public static NpyArray ofFloats(float[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("NpyArray: data must not be null");
        }
        int[] s = checkShape(shape, data.length);
        return new NpyArray(NpyDtype.FLOAT32, s, data, null);
    }

    /**
     * @param data  row-major unsigned bytes (not copied)
     * @param shape dimensions, each >= 0, product equal to {@code data.length}; empty for a scalar
     * @return a uint8 array
     * @throws IllegalArgumentException if the shape does not match the data
     */
    public static NpyArray ofUint8(byte[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("NpyArray: data must not be null");
        }
        int[] s = checkShape(shape, data.length);
        return new NpyArray(NpyDtype.UINT8, s, null, data);
    }

    /** @return the element type */
    public NpyDtype dtype() {
        return dtype;
    }

    /** @return a copy of the shape */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of elements (product of the shape) */
    public int size() {
        return dtype == NpyDtype.FLOAT32 ? floats.length : bytes.length;
    }

    /**
     * @return the float data (not copied)
     * @throws IllegalStateException if this is not a float32 array
     */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("NpyArray: dtype is " + dtype.descr() + ", not <f4");
        }
        return floats;
    }

    /**
     * @return the unsigned byte data (not copied)
     * @throws IllegalStateException if this is not a uint8 array
     */
    public byte[] bytes() {
        if (bytes == null) {
            throw new IllegalStateException("NpyArray: dtype is " + dtype.descr() + ", not |u1");
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype.descr() + ", shape=" + Arrays.toString(shape) + "]";
    }

    private static int[] checkShape(int[] shape, int length) {
        if (shape == null) {
            throw new IllegalArgumentException("NpyArray: shape must not be null");
        }
        long product = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("NpyArray: negative dimension in shape " + Arrays.toString(shape));
            }
            product *= d;
            if (product > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("NpyArray: shape " + Arrays.toString(shape) + " is too large");
            }
        }
        if (product != length) {
            throw new IllegalArgumentException("NpyArray: shape " + Arrays.toString(shape) + " has " + product
                    + " elements but the data has " + length);
        }
        return shape.clone();
    }
}
