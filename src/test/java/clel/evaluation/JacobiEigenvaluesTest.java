package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The test-only eigen-solver against eigenvalues computed by hand. */
class JacobiEigenvaluesTest {
    private static final double TOL = 1e-12;

    @Test
    void twoByTwo() {
        // det [[2 - l, 1], [1, 2 - l]] = (2 - l)^2 - 1 = 0: l = 1, 3
        assertArrayEquals(new double[] {1, 3}, JacobiEigenvalues.of(new double[][] {{2, 1}, {1, 2}}), TOL);
        // [[0, 1], [1, 0]]: l^2 - 1 = 0, the rotation for theta = 0
        assertArrayEquals(new double[] {-1, 1}, JacobiEigenvalues.of(new double[][] {{0, 1}, {1, 0}}), TOL);
    }

    @Test
    void diagonalIsItsDiagonalSorted() {
        double[][] d = {{5, 0, 0, 0}, {0, -1, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, 0}};
        assertArrayEquals(new double[] {-1, 0, 2, 5}, JacobiEigenvalues.of(d), 0.0);
        assertArrayEquals(new double[] {7}, JacobiEigenvalues.of(new double[][] {{7}}), 0.0);
    }

    @Test
    void threeByThreeTridiagonal() {
        // the second-difference matrix: eigenvalues 2 - 2 cos(k pi / 4), k = 1, 2, 3 = 2 - sqrt 2, 2, 2 + sqrt 2
        double[][] m = {{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}};
        double r = Math.sqrt(2);
        assertArrayEquals(new double[] {2 - r, 2, 2 + r}, JacobiEigenvalues.of(m), TOL);
    }

    @Test
    void threeByThreeWithARepeatedEigenvalue() {
        // 3 I + ones(3): ones(3) has eigenvalues 3 (vector (1, 1, 1)) and 0 twice, so 6, 3, 3
        double[][] m = {{4, 1, 1}, {1, 4, 1}, {1, 1, 4}};
        assertArrayEquals(new double[] {3, 3, 6}, JacobiEigenvalues.of(m), TOL);
    }

    @Test
    void inputIsNotChanged() {
        double[][] m = {{2, 1}, {1, 2}};
        JacobiEigenvalues.of(m);
        assertArrayEquals(new double[] {2, 1}, m[0], 0.0);
        assertArrayEquals(new double[] {1, 2}, m[1], 0.0);
    }

    @Test
    void traceAndFrobeniusNormArePreserved() {
        // sum l = tr M and sum l^2 = ||M||_F^2 for a symmetric M
        Random rnd = new Random(3);
        int n = 9;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                m[i][j] = rnd.nextGaussian();
                m[j][i] = m[i][j];
            }
        }
        double trace = 0;
        double frobenius = 0;
        for (int i = 0; i < n; i++) {
            trace += m[i][i];
            for (int j = 0; j < n; j++) {
                frobenius += m[i][j] * m[i][j];
            }
        }
        double sum = 0;
        double squares = 0;
        for (double l : JacobiEigenvalues.of(m)) {
            sum += l;
            squares += l * l;
        }
        assertEquals(trace, sum, 1e-10);
        assertEquals(frobenius, squares, 1e-10);
    }
}
