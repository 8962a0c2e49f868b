package clel.evaluation;

import java.util.Arrays;

/**
 * Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations: an eigen-solver independent of the one that
 * {@link FrechetDistance} uses, for tests that need an independent value (JacobiEigenvaluesTest checks it).
 */
final class JacobiEigenvalues {
    private JacobiEigenvalues() {
    }

    /**
     * The eigenvalues of a symmetric matrix, ascending; {@code input} is not changed.
     *
     * @param input a symmetric n x n matrix (only meant for small n: each sweep costs n^3)
     * @return its n eigenvalues, ascending
     */
    static double[] of(double[][] input) {
        int n = input.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = input[i].clone();
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = a[i][i];
        }
        Arrays.sort(e);
        return e;
    }
}
