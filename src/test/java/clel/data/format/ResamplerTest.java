package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    @Test
    void areaShrinkWithFractionalCoverage() {
        // 1 row of 3 -> 2: out0 = (v0 + 0.5 v1) / 1.5, out1 = (0.5 v1 + v2) / 1.5
        int[] out = Resampler.resize(new int[] {0, 30, 90}, 1, 1, 3, 1, 2);
        assertArrayEquals(new int[] {10, 70}, out);
        // 2x2 -> 1x1 is the mean, rounded half up
        assertArrayEquals(new int[] {3}, Resampler.resize(new int[] {1, 2, 3, 4}, 1, 2, 2, 1, 1));
    }

    @Test
    void bilinearEnlargeWithHalfPixelCentres() {
        // 1x2 -> 1x4: centres at -0.25, 0.25, 0.75, 1.25 -> clamp, 0.25, 0.75, clamp
        int[] out = Resampler.resize(new int[] {0, 100}, 1, 1, 2, 1, 4);
        assertArrayEquals(new int[] {0, 25, 75, 100}, out);
    }

    @Test
    void cropAndTorchvisionCenterOffsets() {
        assertEquals(39, Resampler.centerOffset(218, 140));
        assertEquals(19, Resampler.centerOffset(178, 140));
        assertEquals(2, Resampler.centerOffset(9, 4)); // rint(2.5) = 2, as Python's round
        assertEquals(2, Resampler.centerOffset(7, 4)); // rint(1.5) = 2
        int[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertArrayEquals(new int[] {5, 6, 8, 9}, Resampler.crop(src, 1, 3, 3, 1, 1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Resampler.crop(src, 1, 3, 3, 2, 2, 2, 2));
    }
}
