package clel.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import clel.TestModels;
import clel.energy.EnergyModel;
import clel.nn.ParameterCounting;
import org.junit.jupiter.api.Test;

class InputGradientTest {

    private static double gradientMass(EnergyModel model) {
        double s = 0;
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (ParameterCounting.isTrainable(p.getValue())) {
                NDArray a = p.getValue().getArray();
                if (a.hasGradient()) {
                    try (NDArray g = a.getGradient()) {
                        s += g.abs().sum().getFloat();
                    }
                }
            }
        }
        return s;
    }

    @Test
    void inputGradientLeavesNoParameterGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(9);
            EnergyModel model = new EnergyModel(TestModels.tiny());
            model.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0f, 1f, new Shape(3, 3, 32, 32));
            assertEquals(0.0, gradientMass(model));

            NDArray[] eg = InputGradient.compute(xi -> model.evaluate(ps, xi, false).marginal(), x, model);
            assertEquals(new Shape(3, 3, 32, 32), eg[1].getShape());
            assertTrue(eg[1].abs().sum().getFloat() > 0, "input gradient must be non-zero");
            assertEquals(0.0, gradientMass(model), "no parameter gradient may be produced");

            // the gradient matches a finite difference along a random direction
            NDArray d = m.randomNormal(new Shape(3, 3, 32, 32));
            float eps = 1e-2f;
            float ep = model.evaluate(ps, x.add(d.mul(eps)), false).marginal().sum().getFloat();
            float em = model.evaluate(ps, x.sub(d.mul(eps)), false).marginal().sum().getFloat();
            float directional = eg[1].mul(d).sum().getFloat();
            assertEquals((ep - em) / (2 * eps), directional, 0.02 * Math.abs(directional) + 1e-3);

            // parameters are trainable again afterwards: a backward now does reach them
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(model.evaluate(ps, x, true).marginal().sum());
            }
            assertTrue(gradientMass(model) > 0);
            assertFalse(x.hasGradient());
            assertArrayEquals(eg[0].toFloatArray(), model.evaluate(ps, x, false).marginal().toFloatArray(), 1e-5f);
        }
    }
}
