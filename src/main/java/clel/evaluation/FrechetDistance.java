package clel.evaluation;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The squared Frechet (2-Wasserstein) distance between two Gaussians, the quantity behind FID:
 *
 * <pre>
 *   d^2 = ||mu1 - mu2||^2 + tr(Sigma1 + Sigma2 - 2 (Sigma1 Sigma2)^{1/2})
 * </pre>
 *
 * <p>computed in double precision. {@code tr (Sigma1 Sigma2)^{1/2}} is evaluated through symmetric
 * eigen-decompositions only: {@code S = Sigma1^{1/2} = V sqrt(max(L, 0)) V^T}, then {@code M = S Sigma2 S}
 * is symmetric positive semi-definite and similar to {@code Sigma1 Sigma2}, so
 * {@code tr (Sigma1 Sigma2)^{1/2} = sum_i sqrt(max(eig_i(M), 0))}. Tiny negative eigenvalues from rounding are
 * clipped to zero, and the result is clipped at zero. Cost O(D^3): two D x D eigen-decompositions and three
 * products (about 1.4 s at D = 512 and 8 s at D = 1024 on one core here; roughly a minute at D = 2048).
 */
public final class FrechetDistance {
    /** Relative asymmetry above which a covariance is rejected rather than symmetrized. */
    private static final double SYMMETRY_TOLERANCE = 1e-6;

    private FrechetDistance() {
    }

    /**
     * @param mu1    mean of the first Gaussian, length D
     * @param sigma1 covariance of the first Gaussian, D x D, symmetric PSD
     * @param mu2    mean of the second Gaussian, length D
     * @param sigma2 covariance of the second Gaussian, D x D, symmetric PSD
     * @return the squared Frechet distance d^2 >= 0
     * @throws IllegalArgumentException on mismatched shapes, non-finite values or clearly asymmetric matrices
     */
    public static double distance(double[] mu1, double[][] sigma1, double[] mu2, double[][] sigma2) {
        if (mu1 == null || mu2 == null) {
            throw new IllegalArgumentException("Frechet distance: means must not be null");
        }
        int d = mu1.length;
        if (d == 0 || mu2.length != d) {
            throw new IllegalArgumentException("Frechet distance: means have lengths " + mu1.length + " and "
                    + mu2.length + "; they must be equal and positive");
        }
        checkFinite(mu1, "mu1");
        checkFinite(mu2, "mu2");
        double[][] c1 = symmetrized(sigma1, d, "sigma1");
        double[][] c2 = symmetrized(sigma2, d, "sigma2");
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = mu1[i] - mu2[i];
            meanTerm += diff * diff;
        }
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += c1[i][i] + c2[i][i];
        }
        double result = meanTerm + trace - 2 * traceSqrtProduct(c1, c2);
        return Math.max(result, 0.0);
    }

    /**
     * The squared Frechet distance between the Gaussians fitted by two statistics accumulators.
     *
     * @param a first statistics, at least 2 vectors
     * @param b second statistics, same dimension, at least 2 vectors
     * @return d^2 >= 0
     * @throws IllegalArgumentException if the dimensions differ
     * @throws IllegalStateException    if either has fewer than 2 vectors
     */
    public static double distance(GaussianStatistics a, GaussianStatistics b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("Frechet distance: feature dimensions differ ("
                    + a.dimension() + " vs " + b.dimension() + ")");
        }
        return distance(a.mean(), a.covariance(), b.mean(), b.covariance());
    }

    /**
     * {@code tr (C1 C2)^{1/2}} for symmetric PSD C1, C2 (no validation; both must be exactly symmetric).
     *
     * @param c1 D x D symmetric PSD
     * @param c2 D x D symmetric PSD
     * @return sum of square roots of the (clipped) eigenvalues of sqrt(C1) C2 sqrt(C1)
     */
    static double traceSqrtProduct(double[][] c1, double[][] c2) {
        int d = c1.length;
        double[][] s = sqrtPsd(c1);
        double[][] t = multiply(s, c2);
        double[][] m = multiplyByTransposeOf(t, s); // S C2 S^T = S C2 S
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double v = 0.5 * (m[i][j] + m[j][i]);
                m[i][j] = v;
                m[j][i] = v;
            }
        }
        double[] eig = new EigenDecomposition(new Array2DRowRealMatrix(m, false)).getRealEigenvalues();
        double sum = 0;
        for (double e : eig) {
            sum += Math.sqrt(Math.max(e, 0.0));
        }
        return sum;
    }

    /**
     * The symmetric PSD square root {@code V sqrt(max(L, 0)) V^T} of an exactly symmetric matrix.
     *
     * @param c D x D symmetric matrix
     * @return its principal square root, negative eigenvalues clipped to zero
     */
    static double[][] sqrtPsd(double[][] c) {
        int d = c.length;
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(c, true));
        double[] values = eig.getRealEigenvalues();
        RealMatrix v = eig.getV();
        double[][] vRows = v.getData();
        double[][] scaled = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                scaled[i][k] = vRows[i][k] * Math.sqrt(Math.max(values[k], 0.0));
            }
        }
        double[][] s = multiplyByTransposeOf(scaled, vRows);
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double x = 0.5 * (s[i][j] + s[j][i]);
                s[i][j] = x;
                s[j][i] = x;
            }
        }
        return s;
    }

    /** a b for square matrices (i-k-j order). */
    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] oi = out[i];
            double[] ai = a[i];
            for (int k = 0; k < n; k++) {
                double aik = ai[k];
                if (aik == 0.0) {
                    continue;
                }
                double[] bk = b[k];
                for (int j = 0; j < n; j++) {
                    oi[j] += aik * bk[j];
                }
            }
        }
        return out;
    }

    /** a b^T for square matrices (row dot row). */
    private static double[][] multiplyByTransposeOf(double[][] a, double[][] b) {
        int n = a.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] ai = a[i];
            for (int j = 0; j < n; j++) {
                double[] bj = b[j];
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += ai[k] * bj[k];
                }
                out[i][j] = sum;
            }
        }
        return out;
    }

    private static void checkFinite(double[] v, String name) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("Frechet distance: " + name + "[" + i + "] is not finite");
            }
        }
    }

    private static double[][] symmetrized(double[][] c, int d, String name) {
        if (c == null || c.length != d) {
            throw new IllegalArgumentException("Frechet distance: " + name + " must be " + d + " x " + d
                    + ", got " + (c == null ? "null" : c.length + " rows"));
        }
        double maxAbs = 0;
        for (int i = 0; i < d; i++) {
            if (c[i] == null || c[i].length != d) {
                throw new IllegalArgumentException("Frechet distance: " + name + " row " + i + " has length "
                        + (c[i] == null ? "null" : c[i].length) + ", expected " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(c[i][j])) {
                    throw new IllegalArgumentException("Frechet distance: " + name + "[" + i + "][" + j
                            + "] is not finite");
                }
                maxAbs = Math.max(maxAbs, Math.abs(c[i][j]));
            }
        }
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            out[i][i] = c[i][i];
            for (int j = i + 1; j < d; j++) {
                if (Math.abs(c[i][j] - c[j][i]) > SYMMETRY_TOLERANCE * maxAbs) {
                    throw new IllegalArgumentException("Frechet distance: " + name + " is not symmetric at ["
                            + i + "][" + j + "] (" + c[i][j] + " vs " + c[j][i] + ")");
                }
                double v = 0.5 * (c[i][j] + c[j][i]);
                out[i][j] = v;
                out[j][i] = v;
            }
        }
        return out;
    }
}
