package clel.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColorTransformsTest {

    /** One pixel per image: (B, 3, 1, 1) from rows of RGB triples. */
    private static NDArray pixels(NDManager manager, float[][] rgb) {
        float[] flat = new float[rgb.length * 3];
        for (int b = 0; b < rgb.length; b++) {
            System.arraycopy(rgb[b], 0, flat, 3 * b, 3);
        }
        return manager.create(flat, new Shape(rgb.length, 3, 1, 1));
    }

    @Test
    void grayscaleIsTheLumaOnThreeEqualChannels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = pixels(manager, new float[][] {{0.2f, 0.4f, 0.6f}, {0.9f, 0.1f, 0.5f}});
            float[] y = ColorTransforms.grayscale(x, new boolean[] {true, false}).toFloatArray();
            // 0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6 = 0.0598 + 0.2348 + 0.0684 = 0.363
            assertEquals(0.363f, y[0], 1e-6f);
            assertEquals(y[0], y[1], 0f);
            assertEquals(y[0], y[2], 0f);
            assertArrayEquals(new float[] {0.9f, 0.1f, 0.5f}, new float[] {y[3], y[4], y[5]}, 0f, "unmasked image");
        }
    }

    @Test
    void grayscaleOfALargerImageHasEqualChannels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.random(manager, 11, 2, 3, 8, 8);
            float[] y = ColorTransforms.grayscale(x, new boolean[] {true, true}).toFloatArray();
            float[] in = x.toFloatArray();
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 64; i++) {
                    int base = b * 192 + i;
                    double luma = 0.299 * in[base] + 0.587 * in[base + 64] + 0.114 * in[base + 128];
                    assertEquals(luma, y[base], 1e-6);
                    assertEquals(y[base], y[base + 64], 0f);
                    assertEquals(y[base], y[base + 128], 0f);
                }
            }
        }
    }

    @Test
    void identityFactorsLeaveTheImageUnchanged() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.random(manager, 12, 3, 3, 16, 16);
            float[] ones = {1f, 1f, 1f};
            TestImages.assertExactlyEqual(x, ColorTransforms.adjustBrightness(x, ones), "brightness 1");
            TestImages.assertExactlyEqual(x, ColorTransforms.adjustContrast(x, ones), "contrast 1");
            TestImages.assertExactlyEqual(x, ColorTransforms.adjustSaturation(x, ones), "saturation 1");
            TestImages.assertClose(x.toFloatArray(), ColorTransforms.adjustHue(x, new float[3]).toFloatArray(),
                    1e-6, "hue 0");
            TestImages.assertExactlyEqual(x, ColorTransforms.colorJitter(x, ColorJitterParameters.identity(3)),
                    "identity jitter");
        }
    }

    @Test
    void brightnessContrastSaturationFollowTorchvision() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // two pixels per image: (B, 3, 1, 2)
            float[] flat = {0.2f, 0.8f, 0.4f, 0.6f, 0.6f, 0.1f};
            NDArray x = manager.create(flat, new Shape(1, 3, 1, 2));
            float[] bright = ColorTransforms.adjustBrightness(x, new float[] {1.5f}).toFloatArray();
            assertArrayEquals(new float[] {0.3f, 1f, 0.6f, 0.9f, 0.9f, 0.15f}, bright, 1e-6f);

            double luma0 = 0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6;
            double luma1 = 0.299 * 0.8 + 0.587 * 0.6 + 0.114 * 0.1;
            double mean = (luma0 + luma1) / 2;
            float[] flat0 = ColorTransforms.adjustContrast(x, new float[] {0f}).toFloatArray();
            for (float v : flat0) {
                assertEquals(mean, v, 1e-6);
            }
            float[] half = ColorTransforms.adjustContrast(x, new float[] {0.5f}).toFloatArray();
            for (int i = 0; i < 6; i++) {
                assertEquals(0.5 * flat[i] + 0.5 * mean, half[i], 1e-6);
            }
            float[] sat = ColorTransforms.adjustSaturation(x, new float[] {2f}).toFloatArray();
            for (int i = 0; i < 6; i++) {
                double luma = i % 2 == 0 ? luma0 : luma1;
                assertEquals(Math.min(1, Math.max(0, 2 * flat[i] - luma)), sat[i], 1e-6);
            }
            float[] gray = ColorTransforms.adjustSaturation(x, new float[] {0f}).toFloatArray();
            assertEquals(luma0, gray[0], 1e-6);
            assertEquals(luma0, gray[4], 1e-6);
            assertEquals(luma1, gray[3], 1e-6);
        }
    }

    @Test
    void hueShiftRotatesPrimaries() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray red = pixels(manager, new float[][] {{1f, 0f, 0f}, {1f, 0f, 0f}, {1f, 0f, 0f}});
            float[] y = ColorTransforms.adjustHue(red, new float[] {1f / 3f, -1f / 3f, 0.5f}).toFloatArray();
            TestImages.assertClose(new float[] {0f, 1f, 0f, 0f, 0f, 1f, 0f, 1f, 1f}, y, 1e-5, "primaries");
        }
    }

    @Test
    void hueShiftMatchesAScalarHsvReference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int b = 4;
            NDArray x = TestImages.random(manager, 13, b, 3, 6, 6);
            float[] shifts = {0.1f, -0.1f, 0.37f, -0.5f};
            float[] in = x.toFloatArray();
            float[] y = ColorTransforms.adjustHue(x, shifts).toFloatArray();
            for (int i = 0; i < b; i++) {
                for (int p = 0; p < 36; p++) {
                    int base = i * 108 + p;
                    double[] expected = referenceHue(in[base], in[base + 36], in[base + 72], shifts[i]);
                    for (int ch = 0; ch < 3; ch++) {
                        assertEquals(expected[ch], y[base + 36 * ch], 1e-5, "image " + i + " pixel " + p);
                    }
                }
            }
        }
    }

    /** Python colorsys-style RGB -> HSV, shift, HSV -> RGB. */
    private static double[] referenceHue(double r, double g, double b, double shift) {
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        double v = max;
        if (max == min) {
            return new double[] {v, v, v};
        }
        double s = (max - min) / max;
        double rc = (max - r) / (max - min);
        double gc = (max - g) / (max - min);
        double bc = (max - b) / (max - min);
        double h;
        if (r == max) {
            h = bc - gc;
        } else if (g == max) {
            h = 2 + rc - bc;
        } else {
            h = 4 + gc - rc;
        }
        h = h / 6 - Math.floor(h / 6);
        h = h + shift - Math.floor(h + shift);
        int i = (int) Math.floor(h * 6);
        double f = h * 6 - i;
        double p = v * (1 - s);
        double q = v * (1 - s * f);
        double t = v * (1 - s * (1 - f));
        return switch (i % 6) {
            case 0 -> new double[] {v, t, p};
            case 1 -> new double[] {q, v, p};
            case 2 -> new double[] {p, v, t};
            case 3 -> new double[] {p, q, v};
            case 4 -> new double[] {t, p, v};
            default -> new double[] {v, p, q};
        };
    }

    /** Applies the standalone adjustments to the whole batch in the given order. */
    private static NDArray sequential(NDArray x, List<JitterOp> order, ColorJitterParameters p) {
        NDArray y = x;
        for (JitterOp op : order) {
            y = switch (op) {
                case BRIGHTNESS -> ColorTransforms.adjustBrightness(y, p.brightness());
                case CONTRAST -> ColorTransforms.adjustContrast(y, p.contrast());
                case SATURATION -> ColorTransforms.adjustSaturation(y, p.saturation());
                case HUE -> ColorTransforms.adjustHue(y, p.hue());
            };
        }
        return y;
    }

    @Test
    void jitterAppliesEachImagesOwnOrder() {
        for (int channels : new int[] {3, 1}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                int batch = 5;
                NDArray x = TestImages.random(manager, 14, batch, channels, 8, 8);
                List<JitterOp> base = List.of(JitterOp.BRIGHTNESS, JitterOp.CONTRAST, JitterOp.SATURATION, JitterOp.HUE);
                List<List<JitterOp>> orders = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    List<JitterOp> rotated = new ArrayList<>(base);
                    Collections.rotate(rotated, i);
                    if (i == 4) {
                        Collections.reverse(rotated);
                    }
                    orders.add(rotated);
                }
                float[] same = {1.4f, 1.4f, 1.4f, 1.4f, 1.4f};
                ColorJitterParameters p = new ColorJitterParameters(same, new float[] {0.6f, 0.6f, 0.6f, 0.6f, 0.6f},
                        new float[] {1.3f, 1.3f, 1.3f, 1.3f, 1.3f}, new float[] {0.08f, 0.08f, 0.08f, 0.08f, 0.08f},
                        orders);
                float[] actual = ColorTransforms.colorJitter(x, p).toFloatArray();
                for (int i = 0; i < batch; i++) {
                    float[] expected = TestImages.image(sequential(x, orders.get(i), p).toFloatArray(), i, channels, 8, 8);
                    TestImages.assertClose(expected, TestImages.image(actual, i, channels, 8, 8), 1e-6,
                            channels + " channels, order of image " + i);
                }
                // the orders really give different results here
                float[] first = TestImages.image(sequential(x, orders.get(0), p).toFloatArray(), 1, channels, 8, 8);
                float[] second = TestImages.image(sequential(x, orders.get(4), p).toFloatArray(), 1, channels, 8, 8);
                assertTrue(TestImages.maxAbsDifference(first, second) > 1e-3);
            }
        }
    }

    @Test
    void singleChannelImagesSkipColourOnlyTransforms() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.random(manager, 15, 2, 1, 5, 5);
            TestImages.assertExactlyEqual(x, ColorTransforms.adjustSaturation(x, new float[] {0f, 2f}), "saturation");
            TestImages.assertExactlyEqual(x, ColorTransforms.adjustHue(x, new float[] {0.3f, -0.2f}), "hue");
            TestImages.assertExactlyEqual(x, ColorTransforms.grayscale(x, new boolean[] {true, true}), "grayscale");
            NDArray l = ColorTransforms.luma(x);
            assertSame(manager, l.getManager());
            TestImages.assertExactlyEqual(x, l, "luma of one channel");
            float[] in = x.toFloatArray();
            double mean = 0;
            for (int i = 0; i < 25; i++) {
                mean += in[i] / 25.0;
            }
            float[] flat = ColorTransforms.adjustContrast(x, new float[] {0f, 1f}).toFloatArray();
            assertEquals(mean, flat[7], 1e-6);
            assertEquals(in[30], flat[30], 0f);
        }
    }

    @Test
    void jitterParametersAreValidated() {
        List<JitterOp> all = List.of(JitterOp.values());
        List<JitterOp> repeated = List.of(JitterOp.HUE, JitterOp.HUE, JitterOp.CONTRAST, JitterOp.BRIGHTNESS);
        assertThrows(IllegalArgumentException.class, () -> new ColorJitterParameters(
                new float[] {1}, new float[] {1}, new float[] {1}, new float[] {0}, List.of(repeated)));
        assertThrows(IllegalArgumentException.class, () -> new ColorJitterParameters(
                new float[] {1}, new float[] {1}, new float[] {1}, new float[] {0.7f}, List.of(all)));
        assertThrows(IllegalArgumentException.class, () -> new ColorJitterParameters(
                new float[] {-1}, new float[] {1}, new float[] {1}, new float[] {0}, List.of(all)));
        assertThrows(IllegalArgumentException.class, () -> new ColorJitterParameters(
                new float[] {1, 1}, new float[] {1}, new float[] {1}, new float[] {0}, List.of(all)));
    }
}
