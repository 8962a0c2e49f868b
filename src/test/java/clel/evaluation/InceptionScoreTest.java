package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InceptionScoreTest {
    private static final double[][] P = {
        {0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4},
        {0.05, 0.05, 0.9}, {0.5, 0.25, 0.25}, {0.2, 0.2, 0.6}};

    @Test
    void confidentAndBalancedGivesNumberOfClasses() {
        double[][] p = new double[8][4];
        for (int i = 0; i < 8; i++) {
            p[i][i % 4] = 1.0;
        }
        InceptionScore s = InceptionScore.compute(p, 2);
        assertEquals(4.0, s.mean(), 1e-12);
        assertEquals(0.0, s.std(), 1e-12);
    }

    @Test
    void identicalRowsGiveOne() {
        double[][] p = {{0.2, 0.8}, {0.2, 0.8}, {0.2, 0.8}};
        assertEquals(1.0, InceptionScore.compute(p, 1).mean(), 1e-12);
    }

    @Test
    void matchesNumpyReference() {
        // numpy: per split exp(mean_rows(sum(part * (log part - log part.mean(0))))), then mean and np.std
        InceptionScore one = InceptionScore.compute(P, 1);
        assertEquals(1.3126815057271102, one.mean(), 1e-12);
        assertEquals(0.0, one.std(), 0);
        InceptionScore two = InceptionScore.compute(P, 2);
        assertEquals(1.2057436407900934, two.mean(), 1e-12);
        assertEquals(0.026564609587430232, two.std(), 1e-12);
        assertEquals(2, two.splits());
    }

    @Test
    void validates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InceptionScore.compute(new double[][] {{0.5, 0.6}}, 1));
        assertTrue(e.getMessage().contains("row 0 sums to"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.compute(P, 7));
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.compute(new double[][] {{1}, {0.5, 0.5}}, 1));
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.compute(new double[][] {{-0.1, 1.1}}, 1));
    }
}
