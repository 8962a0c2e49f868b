package clel.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorruptionTest {

    @Test
    void masks() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray box = Masks.box(m, 32, 32);
            assertEquals(new Shape(1, 1, 32, 32), box.getShape());
            assertEquals(16 * 16, box.sum().getFloat());
            assertEquals(1f, box.getFloat(0, 0, 8, 8));
            assertEquals(0f, box.getFloat(0, 0, 7, 8));
            assertEquals(9, Masks.box(m, 5, 5).sum().getFloat(), "side ceil(5 / 2) = 3");
            NDArray random = Masks.random(m, 4, 32, 32, 0.25, 1);
            assertEquals(0.25, random.sum().getFloat() / (4 * 32 * 32), 0.03);
            assertArrayEquals(random.toFloatArray(), Masks.random(m, 4, 32, 32, 0.25, 1).toFloatArray(), 0f);
            assertThrows(IllegalArgumentException.class, () -> Masks.random(m, 1, 2, 2, 1.0, 1));
        }
    }

    @Test
    void theCorruptedImageFillsTheHoleWithTheVisibleMean() {
        try (NDManager m = NDManager.newBaseManager()) {
            // one 1-channel 1x4 image (0.1, 0.2, 0.3, 0.6) with pixels 1 and 3 missing: visible mean (0.1 + 0.3) / 2
            NDArray x = m.create(new float[] {0.1f, 0.2f, 0.3f, 0.6f}, new Shape(1, 1, 1, 4));
            NDArray mask = m.create(new float[] {0f, 1f, 0f, 1f}, new Shape(1, 1, 1, 4));
            Corruption c = Corruption.of(m, x, mask, 0f, 5);
            assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.2f}, c.corrupted().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1f, 0f, 1f, 0f}, c.fixed().toFloatArray(), 0f);
            float[] start = c.start().toFloatArray();
            assertEquals(0.1f, start[0]);
            assertEquals(0.3f, start[2]);
            assertTrue(start[1] >= 0 && start[1] < 1 && start[1] != 0.2f, "missing pixels start from U(0, 1)");
            assertThrows(IllegalArgumentException.class, () -> Corruption.of(m, x, m.ones(new Shape(1, 1, 1, 4)), 0f, 1));
            assertThrows(IllegalArgumentException.class, () -> Corruption.of(m, x, m.zeros(new Shape(1, 1, 1, 4)), 0f, 1));
            assertThrows(IllegalArgumentException.class, () -> Corruption.of(m, x, m.zeros(new Shape(1, 1, 2, 4)), 0.1f, 1));
        }
    }

    @Test
    void noiseHasTheRequestedSpreadAndIsClamped() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.full(new Shape(4, 3, 32, 32), 0.5f);
            Corruption c = Corruption.of(m, x, null, 0.1f, 3);
            NDArray d = c.corrupted().sub(x);
            assertEquals(0.1, Math.sqrt(d.square().mean().getFloat()), 0.005);
            Corruption wide = Corruption.of(m, x, null, 1f, 3);
            assertTrue(wide.corrupted().min().getFloat() >= 0f && wide.corrupted().max().getFloat() <= 1f);
            assertEquals(List.of(0f), List.of(wide.fixed().max().getFloat()));
        }
    }
}
