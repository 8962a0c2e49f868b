package clel.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import clel.TestModels;
import clel.config.ModelConfig;
import clel.energy.EnergyOutput;
import clel.optim.ParameterGroup;
import clel.sampling.InputGradient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * model.channels_last changes only the memory order of f's convolutions: with the same weights, energies, SGLD input
 * gradients, features and parameter gradients equal the contiguous layout's to float32 rounding (relative 1e-4 of
 * each quantity's largest magnitude).
 */
class ChannelsLastNetworksTest {
    private static final double RELATIVE = 1e-4;

    @Test
    void sameEnergiesGradientsAndLatentsAsContiguous() {
        ModelConfig contiguous = TestModels.tiny().withChannelsLast(false);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            ClelNetworks a = TestModels.networks(contiguous, m);
            ClelNetworks b = TestModels.networks(contiguous.withChannelsLast(true), m);
            b.follow(a, 0);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0f, 1f, new Shape(6, 3, 32, 32));

            // SGLD's quantities: E(x) and grad_x E(x), training mode (one power iteration in each network)
            NDArray[] ga = InputGradient.compute(xi -> a.ebm().evaluate(ps, xi, true).marginal(), x, a.ebm());
            NDArray[] gb = InputGradient.compute(xi -> b.ebm().evaluate(ps, xi, true).marginal(), x, b.ebm());
            assertClose("E(x)", ga[0], gb[0]);
            assertClose("grad_x E(x)", ga[1], gb[1]);

            // the training forward and backward of eq. (10)'s terms: f(x), g's direction, every parameter gradient
            NDArray z = m.randomNormal(new Shape(6, TestModels.tiny().featureDim()));
            Map<String, NDArray> lossA = lossAndGradients(a, ps, x, z);
            Map<String, NDArray> lossB = lossAndGradients(b, ps, x, z);
            assertTrue(lossA.size() > 20, "gradients of f and g: " + lossA.keySet());
            for (String name : lossA.keySet()) {
                assertClose(name, lossA.get(name), lossB.get(name));
            }
        }
    }

    /** f(x), g's direction and the gradient of every trainable parameter of f and g, by name. */
    private static Map<String, NDArray> lossAndGradients(ClelNetworks n, ParameterStore ps, NDArray x, NDArray z) {
        EnergyOutput e;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            e = n.ebm().evaluate(ps, x, true);
            gc.backward(e.marginal().sum().add(e.direction().mul(z).sum()));
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("f(x)", e.features().stopGradient());
        out.put("direction", e.direction().stopGradient());
        ParameterGroup g = new ParameterGroup(n.ebm());
        for (int i = 0; i < g.size(); i++) {
            out.put("gradient of " + g.name(i), g.array(i).getGradient().duplicate());
        }
        return out;
    }

    private static void assertClose(String what, NDArray expected, NDArray actual) {
        double scale = expected.abs().max().getFloat();
        double diff = expected.sub(actual).abs().max().getFloat();
        assertTrue(diff <= RELATIVE * scale, what + ": channels-last differs by " + diff + " (largest magnitude " + scale + ")");
    }
}
