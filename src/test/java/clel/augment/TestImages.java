package clel.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Helpers for the augmentation tests: deterministic images and comparisons. */
final class TestImages {
    private TestImages() {
    }

    /** (B, C, H, W) values from java.util.Random(seed), uniform in [0, 1). */
    static float[] randomPixels(long seed, int count) {
        Random random = new Random(seed);
        float[] v = new float[count];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat();
        }
        return v;
    }

    static NDArray random(NDManager manager, long seed, int b, int c, int h, int w) {
        return manager.create(randomPixels(seed, b * c * h * w), new Shape(b, c, h, w));
    }

    /** A batch with the same image repeated {@code copies} times. */
    static NDArray repeated(NDManager manager, long seed, int copies, int c, int h, int w) {
        float[] one = randomPixels(seed, c * h * w);
        float[] all = new float[copies * one.length];
        for (int i = 0; i < copies; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        return manager.create(all, new Shape(copies, c, h, w));
    }

    static void assertClose(float[] expected, float[] actual, double tolerance, String message) {
        assertEquals(expected.length, actual.length, message + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                assertEquals(expected[i], actual[i], tolerance, message + ": element " + i);
            }
        }
    }

    static void assertExactlyEqual(NDArray expected, NDArray actual, String message) {
        assertEquals(expected.getShape(), actual.getShape(), message + ": shape");
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 0f, message);
    }

    static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** Image {@code b} of a flat (B, C, H, W) array. */
    static float[] image(float[] batch, int b, int c, int h, int w) {
        float[] out = new float[c * h * w];
        System.arraycopy(batch, b * out.length, out, 0, out.length);
        return out;
    }
}
