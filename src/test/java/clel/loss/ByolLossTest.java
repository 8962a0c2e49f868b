package clel.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ByolLossTest {
    private static NDArray rows(NDManager m, float[][] v) {
        float[] flat = new float[v.length * v[0].length];
        for (int i = 0; i < v.length; i++) {
            System.arraycopy(v[i], 0, flat, i * v[0].length, v[0].length);
        }
        return m.create(flat, new Shape(v.length, v[0].length));
    }

    @Test
    void eachPredictionMeetsTheTargetOfTheOtherViewOnTheSphere() {
        try (NDManager m = NDManager.newBaseManager()) {
            // n = 1: row 0 is view 1, row 1 view 2; a prediction is compared with the target of the other view
            NDArray q = rows(m, new float[][] {{3, 4}, {1, 0}});
            NDArray t = rows(m, new float[][] {{0, 2}, {5, 5}});
            // row 0: (0.6, 0.8) . (1, 1)/sqrt(2) = 1.4/sqrt(2); row 1: (1, 0) . (0, 1) = 0
            double expected = 4 - 4 * (1.4 / Math.sqrt(2) + 0) / 2;
            assertEquals(expected, ByolLoss.compute(q, t).getFloat(), 1e-6);
            assertEquals(0.0, ByolLoss.compute(q, rows(m, new float[][] {{2, 0}, {6, 8}})).getFloat(), 1e-6);
            assertEquals(8.0, ByolLoss.compute(q, rows(m, new float[][] {{-1, 0}, {-3, -4}})).getFloat(), 1e-6);
            assertThrows(IllegalArgumentException.class, () -> ByolLoss.compute(q, rows(m, new float[][] {{1, 0, 0}, {0, 1, 0}})));
        }
    }
}
