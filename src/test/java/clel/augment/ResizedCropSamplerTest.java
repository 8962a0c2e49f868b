package clel.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResizedCropSamplerTest {
    private static final ResizedCropSampler SIMCLR = ResizedCropSampler.simclr();

    @Test
    void decodesTheFirstAttemptByHand() {
        float[] u = new float[ResizedCropSampler.UNIFORMS_PER_IMAGE];
        // area 0.08 * 1024 = 81.92, ratio 3/4: w = round(sqrt(61.44)) = round(7.84) = 8,
        // h = round(sqrt(109.23)) = round(10.45) = 10; top = left = 0
        assertEquals(new CropBox(0, 0, 10, 8), SIMCLR.fromUniforms(32, 32, u, 0));
        // area 0.54 * 1024 = 552.96 (u = 0.5), ratio 1 (u = 0.5): w = h = round(23.515) = 24;
        // top = floor(0.25 * 9) = 2, left = floor(0.999 * 9) = 8
        u[0] = 0.5f;
        u[1] = 0.5f;
        u[2] = 0.25f;
        u[3] = 0.999f;
        assertEquals(new CropBox(2, 8, 24, 24), SIMCLR.fromUniforms(32, 32, u, 0));
    }

    @Test
    void fallsBackToTheCentralCropWhenNoAttemptFits() {
        float[] u = new float[ResizedCropSampler.UNIFORMS_PER_IMAGE];
        Arrays.fill(u, 0.9999f); // area ~ 1024, ratio ~ 4/3: w = 37 > 32 in every attempt
        assertEquals(CropBox.full(32, 32), SIMCLR.fromUniforms(32, 32, u, 0));
        // a 10 x 40 image (ratio 4 > 4/3): h = 10, w = round(13.33) = 13, left = (40 - 13) / 2 = 13
        assertEquals(new CropBox(0, 13, 10, 13), SIMCLR.centralFallback(10, 40));
        assertEquals(new CropBox(13, 0, 13, 10), SIMCLR.centralFallback(40, 10));
    }

    @Test
    void sampledBoxesRespectScaleAndRatioUpToRounding() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            int n = 3000;
            List<CropBox> boxes = SIMCLR.sample(manager, n, 32, 32);
            assertEquals(n, boxes.size());
            double minFraction = 1;
            double maxFraction = 0;
            int fallbacks = 0;
            for (CropBox box : boxes) {
                assertTrue(box.fitsIn(32, 32), box.toString());
                int w = box.width();
                int h = box.height();
                if (box.equals(CropBox.full(32, 32))) {
                    fallbacks++;
                }
                // some real (w*, h*) within 0.5 of (w, h) has area in [0.08 A, A] and ratio in [3/4, 4/3]
                assertTrue((w + 0.5) * (h + 0.5) >= 0.08 * 1024, "area too small: " + box);
                assertTrue((w + 0.5) / (h - 0.5) >= 0.75 && (w - 0.5) / (h + 0.5) <= 4.0 / 3.0, "ratio: " + box);
                minFraction = Math.min(minFraction, box.areaFraction(32, 32));
                maxFraction = Math.max(maxFraction, box.areaFraction(32, 32));
            }
            assertTrue(minFraction < 0.1, "smallest crop " + minFraction);
            assertTrue(maxFraction > 0.9, "largest crop " + maxFraction);
            assertTrue(fallbacks < n / 20, fallbacks + " fallbacks");
        }
    }

    @Test
    void largeImageBoxesRespectTheBoundsTightly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(8);
            int size = 2000;
            List<CropBox> boxes = SIMCLR.sample(manager, 2000, size, size);
            double minRatio = 10;
            double maxRatio = 0;
            double meanFraction = 0;
            for (CropBox box : boxes) {
                assertTrue(box.fitsIn(size, size), box.toString());
                double fraction = box.areaFraction(size, size);
                double ratio = box.aspectRatio();
                if (!box.equals(CropBox.full(size, size))) {
                    assertTrue(fraction >= 0.08 * 0.998 && fraction <= 1.0, "fraction " + fraction);
                }
                assertTrue(ratio >= 0.75 * 0.998 && ratio <= 4.0 / 3.0 * 1.002, "ratio " + ratio);
                minRatio = Math.min(minRatio, ratio);
                maxRatio = Math.max(maxRatio, ratio);
                meanFraction += fraction / boxes.size();
            }
            assertTrue(minRatio < 0.77 && maxRatio > 1.3, minRatio + " .. " + maxRatio);
            // accepted area fractions are U(0.08, 1) truncated by the fit test; the mean is well below 0.54
            assertTrue(meanFraction > 0.3 && meanFraction < 0.54, "mean fraction " + meanFraction);
        }
    }

    @Test
    void rejectsBadBounds() {
        assertThrows(IllegalArgumentException.class, () -> new ResizedCropSampler(0, 1, 0.75, 1.33));
        assertThrows(IllegalArgumentException.class, () -> new ResizedCropSampler(0.5, 0.2, 0.75, 1.33));
        assertThrows(IllegalArgumentException.class, () -> new ResizedCropSampler(0.08, 1.5, 0.75, 1.33));
        assertThrows(IllegalArgumentException.class, () -> new ResizedCropSampler(0.08, 1, 1.5, 1.0));
    }
}
