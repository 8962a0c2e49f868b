package clel.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Alignment and uniformity (Wang and Isola 2020) against the definition computed independently in double loops:
 * the distances ||w_i - w_j||^2 taken directly rather than as 2 - 2 w_i.w_j, and the gradient by central differences.
 */
class AlignUniformObjectiveTest {
    private static final int N = 3;
    private static final int D = 4;

    /** L_align + (L_uniform(u) + L_uniform(v)) / 2 over rows i and i + N of p (2N, D), in doubles. */
    private static double reference(double[][] p, double t) {
        double[][] z = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            double norm = 0;
            for (double x : p[i]) {
                norm += x * x;
            }
            z[i] = new double[D];
            for (int k = 0; k < D; k++) {
                z[i][k] = p[i][k] / Math.sqrt(norm);
            }
        }
        double align = 0;
        for (int i = 0; i < N; i++) {
            align += squaredDistance(z[i], z[i + N]) / N;
        }
        return align + (uniformity(z, 0, t) + uniformity(z, N, t)) / 2;
    }

    private static double uniformity(double[][] z, int from, double t) {
        double sum = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                if (i != j) {
                    sum += Math.exp(-t * squaredDistance(z[from + i], z[from + j]));
                }
            }
        }
        return Math.log(sum / (N * (N - 1)));
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return s;
    }

    @Test
    void lossAndGradientEqualTheDefinition() {
        SplittableRandom rng = new SplittableRandom(7);
        double[][] p = new double[2 * N][D];
        float[] flat = new float[2 * N * D];
        for (int i = 0; i < 2 * N; i++) {
            for (int k = 0; k < D; k++) {
                flat[i * D + k] = (float) (rng.nextDouble() * 2 - 1);
                p[i][k] = flat[i * D + k];
            }
        }
        double expected = reference(p, AlignUniformObjective.UNIFORMITY_T);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(flat, new Shape(2 * N, D)).duplicate();
            x.setRequiresGradient(true);
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = AlignUniformObjective.compute(x, AlignUniformObjective.UNIFORMITY_T);
                loss = l.getFloat();
                gc.backward(l);
            }
            assertEquals(expected, loss, 1e-5 * Math.max(1, Math.abs(expected)));
            float[] grad = x.getGradient().toFloatArray();
            double h = 1e-5;
            for (int i = 0; i < 2 * N; i++) {
                for (int k = 0; k < D; k++) {
                    double keep = p[i][k];
                    p[i][k] = keep + h;
                    double up = reference(p, AlignUniformObjective.UNIFORMITY_T);
                    p[i][k] = keep - h;
                    double down = reference(p, AlignUniformObjective.UNIFORMITY_T);
                    p[i][k] = keep;
                    assertEquals((up - down) / (2 * h), grad[i * D + k], 2e-4, "d loss / d p[" + i + "][" + k + "]");
                }
            }
        }
    }

    @Test
    void identicalViewsSpreadApartHaveNoAlignmentLoss() {
        // two orthogonal unit directions per view, the same in both views: L_align = 0, ||w_1 - w_2||^2 = 2, so
        // L_uniform = log exp(-2 t) = -2 t and the loss is -2 t = -4
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {3, 0, 0, 5, 3, 0, 0, 5}, new Shape(4, 2));
            assertEquals(-4.0, AlignUniformObjective.compute(p, 2f).getFloat(), 1e-5);
            assertThrows(IllegalArgumentException.class, () -> AlignUniformObjective.compute(p.get(":2"), 2f),
                    "one image per view has no pairs for L_uniform");
        }
    }
}
