package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {
    private static final double[][] A = {{2.0, 0.3, -0.4}, {0.3, 1.0, 0.2}, {-0.4, 0.2, 0.5}};
    private static final double[][] B = {{1.0, -0.5, 0.1}, {-0.5, 3.0, 0.7}, {0.1, 0.7, 0.8}};
    private static final double[] MU1 = {0.5, -1.0, 2.0};
    private static final double[] MU2 = {0.0, 0.25, 1.5};

    @Test
    void identicalGaussiansGiveZero() {
        assertEquals(0.0, FrechetDistance.distance(MU1, A, MU1, A), 1e-9);
        double[][] big = randomSpd(new Random(1), 40);
        double[] mu = new double[40];
        assertEquals(0.0, FrechetDistance.distance(mu, big, mu, big), 1e-9);
    }

    @Test
    void oneDimensionalClosedForm() {
        // (mu1 - mu2)^2 + (s1 - s2)^2 with variances s^2
        double d = FrechetDistance.distance(new double[] {1.5}, new double[][] {{4.0}},
                new double[] {-0.5}, new double[][] {{0.25}});
        assertEquals(2.0 * 2.0 + (2.0 - 0.5) * (2.0 - 0.5), d, 1e-12);
    }

    @Test
    void diagonalClosedForm() {
        double[] a = {1.0, 4.0, 0.09, 2.5};
        double[] b = {9.0, 1.0, 0.16, 2.5};
        double[] m1 = {0, 1, 2, 3};
        double[] m2 = {1, 1, 0, 3};
        double expected = 1 + 4;
        for (int i = 0; i < a.length; i++) {
            expected += Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
        }
        assertEquals(expected, FrechetDistance.distance(m1, diag(a), m2, diag(b)), 1e-12);
    }

    @Test
    void commutingMatricesSharingEigenvectors() {
        // C1 = Q diag(a) Q^T, C2 = Q diag(b) Q^T with Q a rotation: d = sum (sqrt a - sqrt b)^2
        double t = 0.7;
        double[][] q = {{Math.cos(t), -Math.sin(t), 0}, {Math.sin(t), Math.cos(t), 0}, {0, 0, 1}};
        double[] a = {3.0, 0.5, 1.2};
        double[] b = {0.2, 2.0, 1.2};
        double[][] c1 = rotate(q, a);
        double[][] c2 = rotate(q, b);
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            expected += Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
        }
        double[] zero = new double[3];
        assertEquals(expected, FrechetDistance.distance(zero, c1, zero, c2), 1e-12);
    }

    @Test
    void nonCommuting2x2AgainstAnalyticTrace() {
        // For 2x2 B with eigenvalues l1, l2 >= 0: tr sqrt(B) = sqrt(l1) + sqrt(l2) = sqrt(tr B + 2 sqrt(det B)),
        // applied to B = C1 C2 (det B = det C1 det C2).
        double[][] c1 = {{2.0, 0.8}, {0.8, 1.0}};
        double[][] c2 = {{0.5, -0.3}, {-0.3, 1.5}};
        double trProd = c1[0][0] * c2[0][0] + c1[0][1] * c2[1][0] + c1[1][0] * c2[0][1] + c1[1][1] * c2[1][1];
        double det = (c1[0][0] * c1[1][1] - c1[0][1] * c1[1][0]) * (c2[0][0] * c2[1][1] - c2[0][1] * c2[1][0]);
        double trSqrt = Math.sqrt(trProd + 2 * Math.sqrt(det));
        double[] m1 = {1.0, 2.0};
        double[] m2 = {0.0, 0.0};
        double expected = 5.0 + c1[0][0] + c1[1][1] + c2[0][0] + c2[1][1] - 2 * trSqrt;
        assertEquals(expected, FrechetDistance.distance(m1, c1, m2, c2), 1e-12);
    }

    @Test
    void threeDimensionalAgainstScipy() {
        // numpy/scipy: ((mu1-mu2)**2).sum() + np.trace(A + B - 2 * scipy.linalg.sqrtm(A @ B).real)
        assertEquals(3.197983083483932, FrechetDistance.distance(MU1, A, MU2, B), 1e-10);
    }

    @Test
    void fortyDimensionalRankDeficientAgainstScipy() {
        // numpy: i, j = arange(40); X = sin(1.3 i + 0.7 j + 0.1 i j); Y = cos(0.9 i - 0.4 j + 0.05 i j);
        // C1 = X X^T / 40 + 0.1 I; C2 = Y Y^T / 40 (rank 29); mu1 = sin(arange(40)); mu2 = cos(arange(40)).
        // scipy.linalg.sqrtm gives 48.950172733181645, eigvals(C1 @ C2) gives 48.95017276446015.
        int n = 40;
        double[][] x = new double[n][n];
        double[][] y = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                x[i][j] = Math.sin(1.3 * i + 0.7 * j + 0.1 * i * j);
                y[i][j] = Math.cos(0.9 * i - 0.4 * j + 0.05 * i * j);
            }
        }
        double[][] c1 = new double[n][n];
        double[][] c2 = new double[n][n];
        double[] m1 = new double[n];
        double[] m2 = new double[n];
        for (int i = 0; i < n; i++) {
            m1[i] = Math.sin(i);
            m2[i] = Math.cos(i);
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    c1[i][j] += x[i][k] * x[j][k] / n;
                    c2[i][j] += y[i][k] * y[j][k] / n;
                }
            }
            c1[i][i] += 0.1;
        }
        assertEquals(48.95017276, FrechetDistance.distance(m1, c1, m2, c2), 1e-6);
    }

    @Test
    void symmetricInItsArguments() {
        Random rnd = new Random(7);
        double[][] c1 = randomSpd(rnd, 12);
        double[][] c2 = randomSpd(rnd, 12);
        double[] m1 = new double[12];
        double[] m2 = new double[12];
        for (int i = 0; i < 12; i++) {
            m1[i] = rnd.nextGaussian();
            m2[i] = rnd.nextGaussian();
        }
        double d12 = FrechetDistance.distance(m1, c1, m2, c2);
        double d21 = FrechetDistance.distance(m2, c2, m1, c1);
        assertTrue(d12 > 0);
        assertEquals(d12, d21, 1e-9 * d12);
    }

    @Test
    void singularCovariancesAreHandled() {
        // rank-1 covariances v v^T and w w^T: tr sqrt(C1 C2) = |v . w|
        double[] v = {1, 2, 0};
        double[] w = {0, 1, 1};
        double[][] c1 = outer(v);
        double[][] c2 = outer(w);
        double expected = 5 + 2 - 2 * 2;
        double[] zero = new double[3];
        assertEquals(expected, FrechetDistance.distance(zero, c1, zero, c2), 1e-7);
    }

    /**
     * 1024 features from 6 and 20 samples (rank 5 and 19), as FID on few images gives (at 2048 features this case
     * made the previous eigen-solver, commons-math's, fail to converge). Independent value: with centred sample rows
     * X1 (6 x D) and X2 (20 x D), tr (C1 C2)^{1/2} = nuclear norm of X1 X2^T / sqrt((n1 - 1)(n2 - 1)), its singular
     * values from a small Jacobi eigen-solver ({@link JacobiEigenvalues}) on (X1 X2^T)(X1 X2^T)^T.
     */
    @Test
    void highDimensionalFewSamplesAgainstTheNuclearNormIdentity() {
        Random rnd = new Random(7);
        int d = 1024;
        double[][] x1 = centredRows(rnd, 6, d, 0.0);
        double[][] x2 = centredRows(rnd, 20, d, 0.3);
        double[][] c1 = covariance(x1);
        double[][] c2 = covariance(x2);
        double[][] p = new double[x1.length][x2.length];
        for (int i = 0; i < x1.length; i++) {
            for (int j = 0; j < x2.length; j++) {
                for (int k = 0; k < d; k++) {
                    p[i][j] += x1[i][k] * x2[j][k];
                }
            }
        }
        double[][] g = new double[x1.length][x1.length];
        for (int i = 0; i < x1.length; i++) {
            for (int j = 0; j < x1.length; j++) {
                for (int k = 0; k < x2.length; k++) {
                    g[i][j] += p[i][k] * p[j][k];
                }
            }
        }
        double nuclear = 0;
        for (double e : JacobiEigenvalues.of(g)) {
            nuclear += Math.sqrt(Math.max(e, 0));
        }
        double expected = nuclear / Math.sqrt((x1.length - 1.0) * (x2.length - 1.0));
        assertEquals(expected, FrechetDistance.traceSqrtProduct(c1, c2), 1e-8 * expected);

        double[] mu1 = new double[d];
        double[] mu2 = new double[d];
        mu2[0] = 1.5;
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += c1[i][i] + c2[i][i];
        }
        assertEquals(2.25 + trace - 2 * expected, FrechetDistance.distance(mu1, c1, mu2, c2), 1e-8 * trace);
    }

    /** n x d Gaussian rows (with a shared component of weight {@code shared}), centred per column. */
    static double[][] centredRows(Random rnd, int n, int d, double shared) {
        double[] common = new double[d];
        for (int k = 0; k < d; k++) {
            common[k] = rnd.nextGaussian();
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            double w = rnd.nextGaussian();
            for (int k = 0; k < d; k++) {
                x[i][k] = rnd.nextGaussian() + shared * w * common[k];
            }
        }
        for (int k = 0; k < d; k++) {
            double m = 0;
            for (double[] row : x) {
                m += row[k];
            }
            m /= n;
            for (double[] row : x) {
                row[k] -= m;
            }
        }
        return x;
    }

    static double[][] covariance(double[][] centred) {
        int n = centred.length;
        int d = centred[0].length;
        double[][] c = new double[d][d];
        for (double[] row : centred) {
            for (int i = 0; i < d; i++) {
                double ri = row[i] / (n - 1);
                double[] ci = c[i];
                for (int j = 0; j < d; j++) {
                    ci[j] += ri * row[j];
                }
            }
        }
        return c;
    }

    @Test
    void fromStatistics() {
        GaussianStatistics a = new GaussianStatistics(2);
        a.add(new float[] {0, 0, 2, 0, 0, 2, 2, 2}, 4);
        GaussianStatistics b = new GaussianStatistics(2);
        b.add(new float[] {1, 1, 3, 1, 1, 3, 3, 3}, 4);
        // same covariance, means differ by (1, 1)
        assertEquals(2.0, FrechetDistance.distance(a, b), 1e-9);
    }

    @Test
    void validatesShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.distance(new double[2], A, new double[2], A));
        assertTrue(e.getMessage().contains("sigma1 must be 2 x 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.distance(new double[3], A, new double[2], A));
        e = assertThrows(IllegalArgumentException.class, () -> FrechetDistance.distance(new double[2],
                new double[][] {{1, 0.5}, {0, 1}}, new double[2], new double[][] {{1, 0}, {0, 1}}));
        assertTrue(e.getMessage().contains("not symmetric"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.distance(new double[] {Double.NaN},
                new double[][] {{1}}, new double[1], new double[][] {{1}}));
    }

    static double[][] diag(double[] d) {
        double[][] m = new double[d.length][d.length];
        for (int i = 0; i < d.length; i++) {
            m[i][i] = d[i];
        }
        return m;
    }

    static double[][] outer(double[] v) {
        double[][] m = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                m[i][j] = v[i] * v[j];
            }
        }
        return m;
    }

    static double[][] rotate(double[][] q, double[] d) {
        int n = d.length;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    m[i][j] += q[i][k] * d[k] * q[j][k];
                }
            }
        }
        return m;
    }

    static double[][] randomSpd(Random rnd, int n) {
        double[][] x = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                x[i][j] = rnd.nextGaussian();
            }
        }
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += x[i][k] * x[j][k];
                }
                m[i][j] = s / n + (i == j ? 0.1 : 0);
            }
        }
        return m;
    }
}
