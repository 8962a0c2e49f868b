package clel.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kornia 0.6.3's colour jitter on hand-computed pixels. Every expected value below was worked out by hand from the
 * formulas in {@link KorniaColorTransforms}; the same inputs were also run through kornia 0.6.3 itself (with
 * PyTorch 1.13, outside this repository), which gave the same numbers to float precision.
 */
class KorniaColorTransformsTest {
    private static final double TOLERANCE = 1e-6;

    /** Two pixels in one image, (1, 3, 1, 2): (0.2, 0.4, 0.6) and (0.8, 0.6, 0.1), channel-major. */
    private static NDArray twoPixels(NDManager manager) {
        return manager.create(new float[] {0.2f, 0.8f, 0.4f, 0.6f, 0.6f, 0.1f}, new Shape(1, 3, 1, 2));
    }

    /** One pixel per image: (B, 3, 1, 1) from rows of RGB triples. */
    private static NDArray pixels(NDManager manager, float[][] rgb) {
        float[] flat = new float[rgb.length * 3];
        for (int b = 0; b < rgb.length; b++) {
            System.arraycopy(rgb[b], 0, flat, 3 * b, 3);
        }
        return manager.create(flat, new Shape(rgb.length, 3, 1, 1));
    }

    private static float[] one(float value) {
        return new float[] {value};
    }

    @Test
    void brightnessIsAdditive() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = twoPixels(manager);
            // x + 0.3, 0.8 + 0.3 = 1.1 clamped to 1
            assertArrayEquals(new float[] {0.5f, 1f, 0.7f, 0.9f, 0.9f, 0.4f},
                    KorniaColorTransforms.adjustBrightness(x, one(0.3f)).toFloatArray(), 1e-6f);
            // x - 0.3, 0.2 - 0.3 and 0.1 - 0.3 clamped to 0
            assertArrayEquals(new float[] {0f, 0.5f, 0.1f, 0.3f, 0.3f, 0f},
                    KorniaColorTransforms.adjustBrightness(x, one(-0.3f)).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void contrastIsAPlainMultiply() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = twoPixels(manager);
            // 1.5 x, 0.8 * 1.5 = 1.2 clamped to 1 (torchvision would blend with the luma mean instead)
            assertArrayEquals(new float[] {0.3f, 1f, 0.6f, 0.9f, 0.9f, 0.15f},
                    KorniaColorTransforms.adjustContrast(x, one(1.5f)).toFloatArray(), 1e-6f);
            // factor 0 gives black, not the mean grey
            assertArrayEquals(new float[6], KorniaColorTransforms.adjustContrast(x, one(0f)).toFloatArray(), 0f);
        }
    }

    @Test
    void saturationScalesHsvSaturation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = twoPixels(manager);
            // (0.2, 0.4, 0.6): V 0.6, S 2/3; (0.8, 0.6, 0.1): V 0.8, S 7/8. With S' = f S <= 1 every channel moves
            // towards V: c' = V - f (V - c).
            // f 0.5: (0.6 - 0.2, 0.6 - 0.1, 0.6) = (0.4, 0.5, 0.6); (0.8, 0.8 - 0.1, 0.8 - 0.35) = (0.8, 0.7, 0.45)
            assertArrayEquals(new float[] {0.4f, 0.8f, 0.5f, 0.7f, 0.6f, 0.45f},
                    KorniaColorTransforms.adjustSaturation(x, one(0.5f)).toFloatArray(), 1e-6f);
            // f 2: S' = clamp(4/3) = 1 and clamp(7/4) = 1, so c' = V - (V - c) V / (V - min):
            // (0, 0.6 - 0.2 * 1.5, 0.6) = (0, 0.3, 0.6); (0.8, 0.8 - 0.2 * 8/7, 0) = (0.8, 0.571429, 0)
            assertArrayEquals(new float[] {0f, 0.8f, 0.3f, 0.8f - 0.2f * 8f / 7f, 0.6f, 0f},
                    KorniaColorTransforms.adjustSaturation(x, one(2f)).toFloatArray(), 1e-6f);
            // f 0: S' = 0 gives V on all channels (torchvision would give the luma)
            assertArrayEquals(new float[] {0.6f, 0.8f, 0.6f, 0.8f, 0.6f, 0.8f},
                    KorniaColorTransforms.adjustSaturation(x, one(0f)).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void hueShiftsHsvHueInTurns() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = twoPixels(manager);
            // (0.2, 0.4, 0.6): H = 3.5 sixths (B maximal: 4 + (0.2 - 0.4) / 0.4); (0.8, 0.6, 0.1): H = 5/7 sixths
            // (R maximal: (0.7 - 0.2) / 0.7). u = 1/6 turn adds one sixth (kornia: 2 pi / 6 radians):
            // 4.5 -> sector 4, f 0.5: (t, p, V) = (0.6 (1 - 0.5 * 2/3), 0.2, 0.6) = (0.4, 0.2, 0.6);
            // 12/7 -> sector 1, f 5/7: (q, V, p) = (0.8 - 5/7 * 0.7, 0.8, 0.1) = (0.3, 0.8, 0.1)
            assertArrayEquals(new float[] {0.4f, 0.3f, 0.2f, 0.8f, 0.6f, 0.1f},
                    KorniaColorTransforms.adjustHue(x, one(1f / 6f)).toFloatArray(), 1e-6f);
            // u = -0.1 turn subtracts 0.6 sixths: 2.9 -> sector 2, f 0.9: (p, V, t) = (0.2, 0.6, 0.6 - 0.1 * 0.4);
            // 5/7 - 0.6 -> sector 0, f 4/35: (V, t, p) = (0.8, 0.8 - (31/35) 0.7, 0.1) = (0.8, 0.18, 0.1)
            assertArrayEquals(new float[] {0.2f, 0.8f, 0.6f, 0.18f, 0.56f, 0.1f},
                    KorniaColorTransforms.adjustHue(x, one(-0.1f)).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void negativeHueWrapsAround() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // red (H 0) shifted by -0.1 turn: kornia's fmod leaves -0.6 sixths, which hsv_to_rgb reads as 5.4:
            // sector 5, f 0.4: (V, p, q) = (1, 0, 1 - 0.4) = (1, 0, 0.6)
            NDArray red = pixels(manager, new float[][] {{1f, 0f, 0f}});
            assertArrayEquals(new float[] {1f, 0f, 0.6f},
                    KorniaColorTransforms.adjustHue(red, one(-0.1f)).toFloatArray(), 1e-6f);
            // grey pixels (S = 0) keep their value under any shift or saturation factor
            NDArray grey = pixels(manager, new float[][] {{0.3f, 0.3f, 0.3f}, {0f, 0f, 0f}});
            assertArrayEquals(grey.toFloatArray(), KorniaColorTransforms.adjustHue(grey, new float[] {0.3f, -0.4f})
                    .toFloatArray(), 0f);
            assertArrayEquals(grey.toFloatArray(), KorniaColorTransforms.adjustSaturation(grey, new float[] {2f, 0f})
                    .toFloatArray(), 0f);
        }
    }

    @Test
    void jitterAppliesTheOrderGiven() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // two copies of (0.2, 0.4, 0.6) with f_b 1.1 (shift +0.1), f_c 1.5, f_s 0.5, u 1/6 turn
            NDArray x = pixels(manager, new float[][] {{0.2f, 0.4f, 0.6f}, {0.2f, 0.4f, 0.6f}});
            List<JitterOp> forward = List.of(JitterOp.BRIGHTNESS, JitterOp.CONTRAST, JitterOp.SATURATION, JitterOp.HUE);
            List<JitterOp> backward = List.of(JitterOp.HUE, JitterOp.SATURATION, JitterOp.CONTRAST, JitterOp.BRIGHTNESS);
            float[] two = {1.1f, 1.1f};
            ColorJitterParameters p = new ColorJitterParameters(two, new float[] {1.5f, 1.5f}, new float[] {0.5f, 0.5f},
                    new float[] {1f / 6f, 1f / 6f}, List.of(forward, backward));
            float[] y = KorniaColorTransforms.colorJitter(x, p).toFloatArray();
            // forward: +0.1 -> (0.3, 0.5, 0.7); x1.5 -> (0.45, 0.75, 1); saturation 0.5 (V 1, S 0.55 -> 0.275) ->
            // (0.725, 0.875, 1); hue: H = 4 + (0.125 - 0.275) / 0.275 = 3.4545 sixths, + 1 -> sector 4,
            // f 5/11: (t, p, V) = (1 - (6/11) 0.275, 0.725, 1) = (0.85, 0.725, 1)
            assertArrayEquals(new float[] {0.85f, 0.725f, 1f}, new float[] {y[0], y[1], y[2]}, 1e-6f, "forward");
            // backward: hue -> (0.4, 0.2, 0.6); saturation 0.5 -> (0.5, 0.4, 0.6); x1.5 -> (0.75, 0.6, 0.9);
            // +0.1 -> (0.85, 0.7, 1)
            assertArrayEquals(new float[] {0.85f, 0.7f, 1f}, new float[] {y[3], y[4], y[5]}, 1e-6f, "backward");
        }
    }

    @Test
    void jitterEqualsTheStandaloneAdjustmentsInTheSharedOrder() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int batch = 4;
            NDArray x = TestImages.random(manager, 31, batch, 3, 6, 6);
            List<JitterOp> order = List.of(JitterOp.SATURATION, JitterOp.BRIGHTNESS, JitterOp.HUE, JitterOp.CONTRAST);
            // image 2 was not selected by the p = 0.8 draw: identity factors
            float[] bright = {1.3f, 0.7f, 1f, 1.05f};
            float[] contrast = {0.8f, 1.25f, 1f, 0.6f};
            float[] saturation = {1.4f, 0.65f, 1f, 1.2f};
            float[] hue = {0.07f, -0.09f, 0f, 0.02f};
            ColorJitterParameters p = new ColorJitterParameters(bright, contrast, saturation, hue,
                    List.of(order, order, order, order));
            float[] shifts = new float[batch];
            for (int b = 0; b < batch; b++) {
                shifts[b] = bright[b] - 1f;
            }
            NDArray e = KorniaColorTransforms.adjustSaturation(x, saturation);
            e = KorniaColorTransforms.adjustBrightness(e, shifts);
            e = KorniaColorTransforms.adjustHue(e, hue);
            e = KorniaColorTransforms.adjustContrast(e, contrast);
            float[] actual = KorniaColorTransforms.colorJitter(x, p).toFloatArray();
            float[] expected = e.toFloatArray();
            for (int b = 0; b < batch; b++) {
                if (b == 2) {
                    TestImages.assertClose(TestImages.image(x.toFloatArray(), 2, 3, 6, 6),
                            TestImages.image(actual, 2, 3, 6, 6), 0, "unselected image unchanged");
                } else {
                    TestImages.assertClose(TestImages.image(expected, b, 3, 6, 6), TestImages.image(actual, b, 3, 6, 6),
                            TOLERANCE, "image " + b);
                }
            }
        }
    }

    @Test
    void identityParametersLeaveTheImageUnchanged() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.random(manager, 32, 3, 3, 8, 8);
            NDArray y = KorniaColorTransforms.colorJitter(x, ColorJitterParameters.identity(3));
            TestImages.assertExactlyEqual(x, y, "identity jitter");
            assertSame(manager, y.getManager());
        }
    }

    @Test
    void singleChannelImagesGetOnlyBrightnessAndContrast() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {0.2f, 0.5f, 0.9f, 0.4f}, new Shape(2, 1, 1, 2));
            TestImages.assertExactlyEqual(x, KorniaColorTransforms.adjustSaturation(x, new float[] {0f, 2f}), "saturation");
            TestImages.assertExactlyEqual(x, KorniaColorTransforms.adjustHue(x, new float[] {0.3f, -0.2f}), "hue");
            List<JitterOp> order = List.of(JitterOp.values());
            ColorJitterParameters p = new ColorJitterParameters(new float[] {1.2f, 0.9f}, new float[] {1.5f, 2f},
                    new float[] {0.5f, 1.4f}, new float[] {0.1f, -0.1f}, List.of(order, order));
            // image 0: (0.2 + 0.2) * 1.5 = 0.6, (0.5 + 0.2) * 1.5 = 1.05 -> 1; image 1: (0.9 - 0.1) * 2 -> 1, 0.3 * 2
            assertArrayEquals(new float[] {0.6f, 1f, 1f, 0.6f}, KorniaColorTransforms.colorJitter(x, p).toFloatArray(),
                    1e-6f);
        }
    }

    @Test
    void differsFromTorchvisionOnTheSameParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestImages.random(manager, 33, 2, 3, 8, 8);
            List<JitterOp> order = List.of(JitterOp.values());
            ColorJitterParameters p = new ColorJitterParameters(new float[] {1.3f, 0.7f}, new float[] {0.8f, 1.2f},
                    new float[] {1.3f, 0.6f}, new float[] {0.05f, -0.05f}, List.of(order, order));
            float[] kornia = KorniaColorTransforms.colorJitter(x, p).toFloatArray();
            float[] torchvision = ColorTransforms.colorJitter(x, p).toFloatArray();
            assertTrue(TestImages.maxAbsDifference(kornia, torchvision) > 0.05);
        }
    }
}
