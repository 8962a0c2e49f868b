package clel.energy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import clel.config.EnergyHeadKind;
import clel.config.EnergySize;
import clel.config.ModelConfig;
import clel.config.ProjectorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnergiesTest {

    @Test
    void handComputedEnergies() {
        try (NDManager m = NDManager.newBaseManager()) {
            // f = (3, 4): E(x) = 0.5 * 25 = 12.5 ; f = (1, 0, ...) -> 0.5
            NDArray f = m.create(new float[] {3, 4, 1, 0}, new Shape(2, 2));
            assertArrayEquals(new float[] {12.5f, 0.5f}, Energies.normEnergy(f).toFloatArray(), 1e-6f);
            NDArray marginal = m.create(new float[] {12.5f, 0.5f});
            NDArray dir = m.create(new float[] {0.6f, 0.8f, 1f, 0f}, new Shape(2, 2));
            NDArray z = m.create(new float[] {1f, 0f, 0f, 1f}, new Shape(2, 2));
            // joint: 12.5 - 0.5*0.6 = 12.2 ; 0.5 - 0.5*0 = 0.5
            assertArrayEquals(new float[] {12.2f, 0.5f}, Energies.joint(marginal, dir, z, 0.5f).toFloatArray(), 1e-6f);
            // shared z (1, d): (0, 1): 12.5 - 0.5*0.8 = 12.1 ; 0.5 - 0 = 0.5
            NDArray shared = m.create(new float[] {0f, 1f}, new Shape(1, 2));
            assertArrayEquals(new float[] {12.1f, 0.5f}, Energies.joint(marginal, dir, shared, 0.5f).toFloatArray(), 1e-6f);
            // composed over {(1,0), (0,1)}: 12.5 - 0.5*(0.6+0.8) = 11.8 ; 0.5 - 0.5*(1+0) = 0.0
            NDArray zbars = m.create(new float[] {1f, 0f, 0f, 1f}, new Shape(2, 2));
            assertArrayEquals(new float[] {11.8f, 0.0f}, Energies.composed(marginal, dir, zbars, 0.5f).toFloatArray(), 1e-6f);
        }
    }

    /** Eq. (10), (11) and (14) through the real model with the identity projector, against a Java recomputation. */
    @Test
    void modelEnergiesMatchIndependentComputation() {
        ModelConfig cfg = new ModelConfig(EnergySize.TINY, 8, 16, ProjectorKind.IDENTITY, 16, EnergyHeadKind.NORM,
                4, 16, 32, 3, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25), true);
        EnergyModel model = new EnergyModel(cfg);
        try (NDManager m = NDManager.newBaseManager()) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(3);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            NDArray x = m.randomUniform(0f, 1f, new Shape(3, 3, 32, 32));
            NDArray h = m.randomNormal(new Shape(3, 8));
            EnergyOutput out = model.evaluate(new ParameterStore(m, false), x, false);
            float[] f = out.features().toFloatArray();
            float[] hv = h.toFloatArray();
            NDArray z = DirectionalProjector.unitRows(h);
            float beta = 0.7f;
            float[] score = out.joint(z, beta).toFloatArray();
            float[] marginal = out.marginal().toFloatArray();
            for (int i = 0; i < 3; i++) {
                double ff = 0, hh = 0, fh = 0;
                for (int j = 0; j < 8; j++) {
                    ff += f[i * 8 + j] * f[i * 8 + j];
                    hh += hv[i * 8 + j] * hv[i * 8 + j];
                    fh += f[i * 8 + j] * hv[i * 8 + j];
                }
                assertEquals(0.5 * ff, marginal[i], 1e-5 * Math.max(1, ff));
                double expected = 0.5 * ff - beta * fh / Math.sqrt(ff * hh);
                assertEquals(expected, score[i], 1e-5 * Math.max(1, ff));
            }
        }
    }

    @Test
    void multiHeadMarginalComesFromScalarHead() {
        ModelConfig cfg = new ModelConfig(EnergySize.TINY, 8, 16, ProjectorKind.MLP, 16, EnergyHeadKind.MULTI_HEAD,
                4, 16, 32, 3, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25), true);
        EnergyModel model = new EnergyModel(cfg);
        try (NDManager m = NDManager.newBaseManager()) {
            model.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            // E(x) = g'(f) = W2 lrelu(W1 f + b1) + b2: with W2 = 0 and b2 = 7 it is 7 whatever f is
            clel.TestModels.param(model, "scalar_head_02w2_weight").getArray().set(new float[16]);
            clel.TestModels.param(model, "scalar_head_02w2_bias").getArray().set(new float[] {7f});
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 32));
            EnergyOutput out = model.evaluate(new ParameterStore(m, false), x, false);
            assertArrayEquals(new float[] {7f, 7f}, out.marginal().toFloatArray(), 0f);
        }
    }
}
