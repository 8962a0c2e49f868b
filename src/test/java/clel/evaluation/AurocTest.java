package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class AurocTest {

    /**
     * pos = {0.9, 0.5, 0.5}, neg = {0.5, 0.1}: 3 x 2 = 6 pairs.
     * <pre>
     *   0.9 vs 0.5 -> 1      0.9 vs 0.1 -> 1
     *   0.5 vs 0.5 -> 1/2    0.5 vs 0.1 -> 1     (for each of the two positives at 0.5)
     *   U = 1 + 1 + 2 * (1/2 + 1) = 5,  AUROC = 5 / 6.
     * </pre>
     * Midranks give the same: pooled ascending 0.1 (rank 1), 0.5 x3 (ranks 2,3,4 -> midrank 3), 0.9 (rank 5);
     * R_pos = 3 + 3 + 5 = 11, U = 11 - 3*4/2 = 5.
     * ROC points (descending thresholds): (0,0); t=0.9: (0, 1/3); t=0.5: (1/2, 1) one diagonal step; t=0.1:
     * (1, 1). Trapezoid: 1/2 * (1/3 + 1) / 2 + 1/2 * 1 = 1/3 + 1/2 = 5/6.
     */
    @Test
    void handComputedCaseWithTies() {
        double[] pos = {0.9, 0.5, 0.5};
        double[] neg = {0.5, 0.1};
        assertEquals(5.0 / 6.0, Auroc.auroc(pos, neg), 1e-15);
        RocCurve c = Auroc.curve(pos, neg);
        assertArrayEquals(new double[] {0, 0, 0.5, 1}, c.fpr(), 1e-15);
        assertArrayEquals(new double[] {0, 1.0 / 3, 1, 1}, c.tpr(), 1e-15);
        assertEquals(5.0 / 6.0, c.auroc(), 1e-15);
        assertEquals(5.0 / 6.0, c.trapezoidArea(), 1e-15);
    }

    @Test
    void perfectReversedAndAllEqual() {
        assertEquals(1.0, Auroc.auroc(new double[] {3, 4, 5}, new double[] {0, 1, 2.9}), 0);
        assertEquals(0.0, Auroc.auroc(new double[] {0, 1, 2.9}, new double[] {3, 4, 5}), 0);
        assertEquals(0.5, Auroc.auroc(new double[] {7, 7, 7}, new double[] {7, 7}), 0);
        RocCurve equal = Auroc.curve(new double[] {7, 7, 7}, new double[] {7, 7});
        // all tied: a single diagonal step from (0,0) to (1,1)
        assertArrayEquals(new double[] {0, 1}, equal.fpr(), 0);
        assertArrayEquals(new double[] {0, 1}, equal.tpr(), 0);
        RocCurve perfect = Auroc.curve(new double[] {3, 4}, new double[] {1});
        assertArrayEquals(new double[] {0, 0, 0, 1}, perfect.fpr(), 0);
        assertArrayEquals(new double[] {0, 0.5, 1, 1}, perfect.tpr(), 0);
        assertEquals(1.0, perfect.trapezoidArea(), 0);
    }

    @Test
    void singleTiedPairAndNegativeZero() {
        assertEquals(0.5, Auroc.auroc(new double[] {0.0}, new double[] {-0.0}), 0);
        assertEquals(0.75, Auroc.auroc(new double[] {1, 0}, new double[] {0}), 0);
    }

    @Test
    void randomWithManyTiesMatchesBruteForcePairCount() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 20; trial++) {
            double[] pos = new double[1 + rnd.nextInt(60)];
            double[] neg = new double[1 + rnd.nextInt(60)];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = rnd.nextInt(8) + 1;
            }
            for (int i = 0; i < neg.length; i++) {
                neg[i] = rnd.nextInt(8);
            }
            double pairs = 0;
            for (double p : pos) {
                for (double n : neg) {
                    pairs += p > n ? 1 : p == n ? 0.5 : 0;
                }
            }
            double expected = pairs / (pos.length * (double) neg.length);
            assertEquals(expected, Auroc.auroc(pos, neg), 1e-14);
            RocCurve c = Auroc.curve(pos, neg);
            double[] fpr = c.fpr();
            double[] tpr = c.tpr();
            assertEquals(0.0, fpr[0], 0);
            assertEquals(0.0, tpr[0], 0);
            assertEquals(1.0, fpr[fpr.length - 1], 0);
            assertEquals(1.0, tpr[tpr.length - 1], 0);
            assertEquals(expected, c.trapezoidArea(), 1e-12);
            assertEquals(expected, c.auroc(), 1e-14);
            // one point per distinct score + the origin
            long distinct = DoubleStream.concat(
                    Arrays.stream(pos), Arrays.stream(neg)).distinct().count();
            assertEquals(distinct + 1, c.size());
        }
    }

    @Test
    void rejectsEmptyNullAndNaN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Auroc.auroc(new double[0], new double[] {1}));
        assertTrue(e.getMessage().contains("positives is empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Auroc.curve(new double[] {1}, new double[] {0.2, Double.NaN}));
        assertTrue(e.getMessage().contains("negatives[1] is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Auroc.auroc(null, new double[] {1}));
    }
}
