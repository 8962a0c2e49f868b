package clel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class SpectralConv2dTest {

    /** W (3 out, 2 in, 1x1) = [[3, 0], [0, 4], [0, 0]]: singular values 4 and 3. */
    private static final float[] W = {3, 0, 0, 4, 0, 0};

    private static SpectralConv2d conv(NDManager m) {
        Engine.getInstance().setRandomSeed(11);
        SpectralConv2d c = SpectralConv2d.builder().setChannels(2, 3).optKernel(1).optBias(false).build();
        c.initialize(m, DataType.FLOAT32, new Shape(1, 2, 4, 4));
        c.getParameters().get("weight").getArray().set(W);
        return c;
    }

    @Test
    void sigmaConvergesToLargestSingularValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpectralConv2d c = conv(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.ones(new Shape(1, 2, 4, 4));
            for (int i = 0; i < 100; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray xi = x.duplicate();
                    xi.attach(step);
                    c.forward(ps, new NDList(xi), true);
                }
            }
            NDArray wMat = c.getParameters().get("weight").getArray().reshape(3, 2);
            float sigma = SpectralConv2d.sigma(wMat, c.getParameters().get("u").getArray(),
                    c.getParameters().get("v").getArray()).getFloat();
            assertEquals(4f, sigma, 1e-3f);
            // output = conv(x, W / 4): channel values 3/4, 4/4, 0 at every pixel
            NDArray y = c.forward(ps, new NDList(x), false).singletonOrThrow();
            assertArrayEquals(new float[] {0.75f, 1f, 0f}, y.get(":, :, 0, 0").toFloatArray(), 1e-3f);
        }
    }

    @Test
    void evaluationModeLeavesPowerIterationVectorsUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpectralConv2d c = conv(m);
            float[] u0 = c.getParameters().get("u").getArray().toFloatArray();
            c.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 2, 4, 4))), false);
            assertArrayEquals(u0, c.getParameters().get("u").getArray().toFloatArray(), 0f);
            c.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 2, 4, 4))), true);
            float[] u1 = c.getParameters().get("u").getArray().toFloatArray();
            assertTrue(Math.abs(u1[0] - u0[0]) + Math.abs(u1[1] - u0[1]) + Math.abs(u1[2] - u0[2]) > 1e-6);
        }
    }

    /**
     * One training forward updates u first, u = normalize(W v), then v = normalize(W^T u), as
     * torch.nn.utils.parametrizations.spectral_norm (the public code's): from v = (1, 0) and any u this gives
     * u = (1, 0, 0), v = (1, 0) and sigma = 3. The older order (v from u first) would give v = (0.6, 0.8) from
     * u = (1, 1, 1)/sqrt(3), u = (0.490, 0.872, 0) and sigma = 3.67; the PyTorch twin test compares the whole EBM.
     */
    @Test
    void powerIterationUpdatesUBeforeVAsTorchParametrizations() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpectralConv2d c = conv(m);
            float r = (float) (1 / Math.sqrt(3));
            c.getParameters().get("u").getArray().set(new float[] {r, r, r});
            c.getParameters().get("v").getArray().set(new float[] {1, 0});
            NDArray x = m.ones(new Shape(1, 2, 4, 4));
            NDArray y = c.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
            assertArrayEquals(new float[] {1, 0, 0}, c.getParameters().get("u").getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1, 0}, c.getParameters().get("v").getArray().toFloatArray(), 1e-6f);
            // sigma = u^T W v = 3: the output channels are (3, 4, 0) / 3 at every pixel
            assertArrayEquals(new float[] {1f, 4f / 3f, 0f}, y.get(":, :, 0, 0").toFloatArray(), 1e-5f);
        }
    }

    /** d/dW of sum(conv(x, W/sigma(W))) with u, v fixed, compared with central finite differences. */
    @Test
    void gradientFlowsThroughSigma() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpectralConv2d c = conv(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 2, 4, 4));
            for (int i = 0; i < 50; i++) {
                c.forward(ps, new NDList(x), true); // converge u, v
            }
            NDArray w = c.getParameters().get("weight").getArray();
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(c.forward(ps, new NDList(x), false).singletonOrThrow().sum());
            }
            float[] grad = w.getGradient().toFloatArray();
            float[] base = w.toFloatArray();
            double eps = 1e-2;
            for (int k = 0; k < base.length; k++) {
                float[] plus = base.clone();
                plus[k] += (float) eps;
                float[] minus = base.clone();
                minus[k] -= (float) eps;
                w.set(plus);
                double fp = c.forward(ps, new NDList(x), false).singletonOrThrow().sum().getFloat();
                w.set(minus);
                double fm = c.forward(ps, new NDList(x), false).singletonOrThrow().sum().getFloat();
                w.set(base);
                assertEquals((fp - fm) / (2 * eps), grad[k], 2e-2, "d/dW[" + k + "]");
            }
            // analytic: sum(y) = sum_ci W_ci S_i / sigma with S_i = sum of input channel i and, at convergence,
            // d sigma / dW = u v^T = e_1 e_1^T, so d/dW_11 = S_1/4 - (3 S_0 + 4 S_1)/16 and d/dW_00 = S_0/4.
            float s0 = x.get(":, 0").sum().getFloat();
            float s1 = x.get(":, 1").sum().getFloat();
            assertEquals(s0 / 4f, grad[0], 1e-2f);
            assertEquals(s1 / 4f - (3 * s0 + 4 * s1) / 16f, grad[3], 1e-2f);
        }
    }
}
