package clel.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import clel.nn.Dense;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    /** A 1x1 linear layer without bias: output = w * x; loss = output * c gives dL/dw = x * c. */
    private static Dense scalar(NDManager m, float w) {
        Dense d = Dense.builder().setFeatures(1, 1).optBias(false).build();
        d.initialize(m, DataType.FLOAT32, new Shape(1, 1));
        d.getParameters().valueAt(0).getArray().set(new float[] {w});
        return d;
    }

    private static void backward(NDManager m, Dense d, float gradient) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = d.forward(new ai.djl.training.ParameterStore(m, false),
                    new NDList(m.create(new float[] {1f}, new Shape(1, 1))), true).singletonOrThrow();
            gc.backward(y.mul(gradient).sum());
        }
    }

    @Test
    void adamMatchesTorchFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            Dense d = scalar(m, 1f);
            Adam adam = new Adam(new ParameterGroup(d), m, 0.5, 0.999, 1e-8);
            double p = 1, mm = 0, v = 0;
            float[] grads = {2f, -1f, 0.5f};
            for (int t = 1; t <= grads.length; t++) {
                backward(m, d, grads[t - 1]);
                adam.step(0.1);
                double g = grads[t - 1];
                mm = 0.5 * mm + 0.5 * g;
                v = 0.999 * v + 0.001 * g * g;
                p -= 0.1 * (mm / (1 - Math.pow(0.5, t))) / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8);
                assertEquals(p, d.getParameters().valueAt(0).getArray().getFloat(0), 1e-6, "step " + t);
                assertEquals(0f, d.getParameters().valueAt(0).getArray().getGradient().getFloat(0, 0), "gradient zeroed");
            }
        }
    }

    @Test
    void sgdMatchesTorchFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            Dense d = scalar(m, 1f);
            MomentumSgd sgd = new MomentumSgd(new ParameterGroup(d), m, 0.9, 0.1);
            double p = 1, buf = 0;
            float[] grads = {2f, 2f, -3f};
            double[] lrs = {0.1, 0.05, 0.01};
            for (int t = 0; t < grads.length; t++) {
                backward(m, d, grads[t]);
                sgd.step(lrs[t]);
                double g = grads[t] + 0.1 * p;
                buf = t == 0 ? g : 0.9 * buf + g;
                p -= lrs[t] * buf;
                assertEquals(p, d.getParameters().valueAt(0).getArray().getFloat(0), 1e-6, "step " + t);
            }
        }
    }

    @Test
    void stateRoundTripContinuesIdentically() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Dense a = scalar(m, 1f);
            Adam adamA = new Adam(new ParameterGroup(a), m, 0.0, 0.999, 1e-8);
            backward(m, a, 2f);
            adamA.step(0.1);
            Dense b = scalar(m, a.getParameters().valueAt(0).getArray().getFloat(0));
            Adam adamB = new Adam(new ParameterGroup(b), m, 0.0, 0.999, 1e-8);
            adamB.load(NDList.decode(m, adamA.state().encode()), m, "test");
            backward(m, a, -1f);
            adamA.step(0.1);
            backward(m, b, -1f);
            adamB.step(0.1);
            assertEquals(a.getParameters().valueAt(0).getArray().getFloat(0), b.getParameters().valueAt(0).getArray().getFloat(0), 0f);
        }
    }
}
