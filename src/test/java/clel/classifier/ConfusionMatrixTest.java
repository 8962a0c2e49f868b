package clel.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    @Test
    void countsPairsByTrueRowAndPredictedColumn() {
        int[] truth = {0, 0, 1, 2, 2, 2};
        int[] predicted = {0, 1, 1, 2, 0, 2};
        long[][] m = ConfusionMatrix.of(truth, predicted, 3);
        assertArrayEquals(new long[] {1, 1, 0}, m[0]);
        assertArrayEquals(new long[] {0, 1, 0}, m[1]);
        assertArrayEquals(new long[] {1, 0, 2}, m[2]);
        assertEquals(4.0 / 6.0, ConfusionMatrix.accuracy(m), 1e-15);
        assertArrayEquals(new double[] {0.5, 1.0, 2.0 / 3.0}, ConfusionMatrix.recall(m), 1e-15);
    }

    @Test
    void classWithoutImagesHasUndefinedRecall() {
        long[][] m = ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 1}, 3);
        assertArrayEquals(new long[] {0, 0, 0}, m[2]);
        double[] r = ConfusionMatrix.recall(m);
        assertEquals(0.5, r[0], 0);
        assertTrue(Double.isNaN(r[1]) && Double.isNaN(r[2]));
        assertTrue(Double.isNaN(ConfusionMatrix.accuracy(ConfusionMatrix.of(new int[0], new int[0], 2))));
    }

    @Test
    void rejectsBadInput() {
        var e = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 1}, 3));
        assertTrue(e.getMessage().contains("image 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0}, new int[] {0, 1}, 3));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0}, new int[] {-1}, 3));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[0], new int[0], 0));
    }
}
