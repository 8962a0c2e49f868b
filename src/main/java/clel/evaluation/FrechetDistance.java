package clel.evaluation;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

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
 * {@code tr (Sigma1 Sigma2)^{1/2} = sum_i sqrt(max(eig_i(M), 0))}. Eigenvalues within rounding noise of zero
 * (below D * eps * the largest) count as zero, and the result is clipped at zero. Cost O(D^3): two D x D symmetric
 * eigen-decompositions (EJML) and three products, or a Cholesky factorization, one eigenvalue-only
 * decomposition and two products when Sigma1 is positive definite.
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
        DMatrixRMaj m = congruence(new DMatrixRMaj(c1), new DMatrixRMaj(c2));
        symmetrize(m);
        EigenDecomposition_F64<DMatrixRMaj> eig = symmetricEigen(d, false);
        if (!eig.decompose(m)) {
            throw new IllegalStateException("Frechet distance: the eigen-decomposition of sqrt(C1) C2 sqrt(C1) failed");
        }
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            values[i] = eig.getEigenvalue(i).getReal();
        }
        double floor = numericalZero(values);
        double sum = 0;
        for (double v : values) {
            sum += v > floor ? Math.sqrt(v) : 0.0;
        }
        return sum;
    }

    /**
     * A symmetric PSD matrix with the eigenvalues of C1 C2: {@code L^T C2 L} with the Cholesky factor
     * {@code C1 = L L^T} when C1 is positive definite (about 3x faster at D = 2048), else {@code S C2 S} with the
     * eigen-decomposition square root {@code S = C1^{1/2}} (singular C1, e.g. fewer samples than features).
     */
    private static DMatrixRMaj congruence(DMatrixRMaj c1, DMatrixRMaj c2) {
        int d = c1.numRows;
        DMatrixRMaj t = new DMatrixRMaj(d, d);
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        if (chol.decompose(c1.copy())) {
            DMatrixRMaj l = chol.getT(null);
            CommonOps_MT_DDRM.multTransA(l, c2, t);
            CommonOps_MT_DDRM.mult(t, l, m);
        } else {
            DMatrixRMaj s = sqrtPsd(c1);
            CommonOps_MT_DDRM.mult(s, c2, t);
            CommonOps_MT_DDRM.mult(t, s, m);
        }
        return m;
    }

    /**
     * The symmetric PSD square root {@code V sqrt(max(L, 0)) V^T} of an exactly symmetric matrix, eigenvalues
     * within rounding noise of zero (or negative) taken as zero.
     */
    private static DMatrixRMaj sqrtPsd(DMatrixRMaj c) {
        int d = c.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = symmetricEigen(d, true);
        if (!eig.decompose(c.copy())) {
            throw new IllegalStateException("Frechet distance: the eigen-decomposition of a covariance failed");
        }
        double[] values = new double[d];
        for (int k = 0; k < d; k++) {
            values[k] = eig.getEigenvalue(k).getReal();
        }
        double floor = numericalZero(values);
        DMatrixRMaj scaled = new DMatrixRMaj(d, d); // columns v_k sqrt(l_k)
        DMatrixRMaj v = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            DMatrixRMaj vk = eig.getEigenVector(k);
            double root = values[k] > floor ? Math.sqrt(values[k]) : 0.0;
            for (int i = 0; i < d; i++) {
                v.set(i, k, vk.get(i));
                scaled.set(i, k, vk.get(i) * root);
            }
        }
        DMatrixRMaj s = new DMatrixRMaj(d, d);
        CommonOps_MT_DDRM.multTransB(scaled, v, s);
        symmetrize(s);
        return s;
    }

    /**
     * Eigenvalues at or below D * eps * max|eigenvalue| are rounding noise of a PSD matrix (the rank threshold of
     * numpy's matrix_rank); they count as zero, so that a rank-deficient covariance (fewer samples than features)
     * does not add sqrt(noise) once per null direction.
     */
    private static double numericalZero(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return values.length * Math.ulp(1.0) * max;
    }

    private static EigenDecomposition_F64<DMatrixRMaj> symmetricEigen(int d, boolean vectors) {
        return DecompositionFactory_DDRM.eig(d, vectors, true);
    }

    private static void symmetrize(DMatrixRMaj m) {
        int d = m.numRows;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double x = 0.5 * (m.get(i, j) + m.get(j, i));
                m.set(i, j, x);
                m.set(j, i, x);
            }
        }
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
