package clel.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NtXentLossTest {

    /** Straightforward double-precision NT-Xent: mean over 2n anchors of eq. (8). */
    private static double reference(double[][] v1, double[][] v2, double[][] neg, double tau) {
        int n = v1.length;
        double[][] z = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            z[i] = unit(v1[i]);
            z[i + n] = unit(v2[i]);
        }
        double total = 0;
        for (int a = 0; a < 2 * n; a++) {
            int pos = (a + n) % (2 * n);
            double num = Math.exp(dot(z[a], z[pos]) / tau);
            double den = 0;
            for (int b = 0; b < 2 * n; b++) {
                if (b != a) {
                    den += Math.exp(dot(z[a], z[b]) / tau);
                }
            }
            if (neg != null) {
                for (double[] q : neg) {
                    den += Math.exp(dot(z[a], unit(q)) / tau);
                }
            }
            total += -Math.log(num / den);
        }
        return total / (2 * n);
    }

    private static double[] unit(double[] v) {
        double s = Math.sqrt(dot(v, v));
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] / s;
        }
        return u;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static NDArray nd(NDManager m, double[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[0].length; j++) {
                flat[i * rows[0].length + j] = (float) rows[i][j];
            }
        }
        return m.create(flat, new Shape(rows.length, rows[0].length));
    }

    @Test
    void handComputedTwoPairs() {
        // n = 2 orthonormal pairs in 2-D, tau = 1: view1 = {e1, e2}, view2 = {e1, e2}.
        // Anchor e1 (view1, i=0): positive e1 (sim 1), negatives e2 (view1) and e2 (view2) (sim 0 each):
        // loss = -log(e / (e + 2)); the same for all four anchors by symmetry.
        double[][] v = {{1, 0}, {0, 1}};
        double expected = -Math.log(Math.E / (Math.E + 2));
        try (NDManager m = NDManager.newBaseManager()) {
            float got = NtXentLoss.compute(nd(m, v), nd(m, v), null, 1f).getFloat();
            assertEquals(expected, got, 1e-6);
            // one extra negative -e1: adds exp(-1) for anchors e1, exp(0) for anchors e2:
            // loss = 0.5 * (-log(e/(e+2+1/e))) + 0.5 * (-log(e/(e+2+1)))
            double withNeg = 0.5 * -Math.log(Math.E / (Math.E + 2 + 1 / Math.E)) + 0.5 * -Math.log(Math.E / (Math.E + 3));
            float gotNeg = NtXentLoss.compute(nd(m, v), nd(m, v), nd(m, new double[][] {{-2, 0}}), 1f).getFloat();
            assertEquals(withNeg, gotNeg, 1e-6);
        }
    }

    @Test
    void matchesReferenceOnRandomEmbeddings() {
        Random r = new Random(7);
        double[][] v1 = new double[5][6];
        double[][] v2 = new double[5][6];
        double[][] neg = new double[3][6];
        for (double[][] a : new double[][][] {v1, v2, neg}) {
            for (double[] row : a) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = r.nextGaussian();
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(reference(v1, v2, null, 0.2), NtXentLoss.compute(nd(m, v1), nd(m, v2), null, 0.2f).getFloat(), 1e-4);
            assertEquals(reference(v1, v2, neg, 0.2), NtXentLoss.compute(nd(m, v1), nd(m, v2), nd(m, neg), 0.2f).getFloat(), 1e-4);
        }
    }
}
