package clel.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatentPathTest {

    @Test
    void slerpOfOrthogonalLatentsFollowsTheQuarterCircle() {
        // a = (2, 0) and b = (0, 3) are normalized first; t = 0.5 is (cos 45, sin 45), t = 1/3 is (cos 30, sin 30)
        float[][] half = LatentPath.slerp(new float[] {2, 0}, new float[] {0, 3}, 3);
        assertArrayEquals(new float[] {1, 0}, half[0], 1e-7f);
        assertArrayEquals(new float[] {(float) Math.sqrt(0.5), (float) Math.sqrt(0.5)}, half[1], 1e-6f);
        assertArrayEquals(new float[] {0, 1}, half[2], 1e-7f);
        float[][] thirds = LatentPath.slerp(new float[] {1, 0}, new float[] {0, 1}, 4);
        assertArrayEquals(new float[] {(float) Math.cos(Math.PI / 6), 0.5f}, thirds[1], 1e-6f);
        for (float[] p : thirds) {
            assertEquals(1.0, p[0] * p[0] + p[1] * p[1], 1e-6);
        }
    }

    @Test
    void nearlyEqualLatentsAndBadInputs() {
        float[][] same = LatentPath.slerp(new float[] {1, 1, 0}, new float[] {1, 1, 0}, 5);
        for (float[] p : same) {
            assertArrayEquals(new float[] {(float) Math.sqrt(0.5), (float) Math.sqrt(0.5), 0}, p, 1e-6f);
        }
        IllegalArgumentException opposite = assertThrows(IllegalArgumentException.class,
                () -> LatentPath.slerp(new float[] {1, 0}, new float[] {-1, 0}, 3));
        assertTrue(opposite.getMessage().contains("opposite"), opposite.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LatentPath.slerp(new float[] {0, 0}, new float[] {1, 0}, 3));
        assertThrows(IllegalArgumentException.class, () -> LatentPath.slerp(new float[] {1, 0}, new float[] {1, 0}, 1));
        assertThrows(IllegalArgumentException.class, () -> LatentPath.slerp(new float[] {1}, new float[] {1, 0}, 2));
    }
}
