package clel.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import clel.TestModels;
import clel.energy.EnergyModel;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void linearWarmup() {
        assertEquals(0.25e-4, Schedules.linearWarmup(1e-4, 4, 0), 1e-12);
        assertEquals(0.75e-4, Schedules.linearWarmup(1e-4, 4, 2), 1e-12);
        assertEquals(1e-4, Schedules.linearWarmup(1e-4, 4, 3), 1e-12);
        assertEquals(1e-4, Schedules.linearWarmup(1e-4, 4, 1000), 1e-12);
        assertEquals(1e-4, Schedules.linearWarmup(1e-4, 0, 0), 1e-12);
    }

    @Test
    void cosineAnnealsToZero() {
        assertEquals(0.03, Schedules.cosine(0.03, 100, 0), 1e-12);
        assertEquals(0.015, Schedules.cosine(0.03, 100, 50), 1e-12);
        // t = 25: 0.03 * (1 + cos(pi/4)) / 2
        assertEquals(0.03 * (1 + Math.sqrt(0.5)) / 2, Schedules.cosine(0.03, 100, 25), 1e-12);
        assertEquals(0.0, Schedules.cosine(0.03, 100, 100), 1e-12);
    }

    @Test
    void emaDecayFromHalflifeInSamples() {
        // halflife 20,000 samples, batch 64: copy for the first 312.5 iterations, then 0.5^(64/20000)
        assertEquals(0.0, Schedules.emaDecay(20000, 64, 0));
        assertEquals(0.0, Schedules.emaDecay(20000, 64, 312));
        assertEquals(Math.pow(0.5, 64 / 20000.0), Schedules.emaDecay(20000, 64, 313), 1e-15);
        // after halflife/batch iterations at that decay, an old weight's share has halved
        double d = Schedules.emaDecay(20000, 64, 1000);
        assertEquals(0.5, Math.pow(d, 20000 / 64.0), 1e-9);
    }

    @Test
    void emaAveragesWeightsAndCopiesBuffers() {
        try (NDManager m = NDManager.newBaseManager()) {
            EnergyModel live = new EnergyModel(TestModels.tiny());
            live.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            EnergyModel ema = new EnergyModel(TestModels.tiny());
            ema.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            float[] w0 = TestModels.param(ema, "head2_weight").getArray().toFloatArray();
            float[] w1 = TestModels.param(live, "head2_weight").getArray().toFloatArray();
            float[] u1 = TestModels.param(live, "stem_u").getArray().toFloatArray();
            ExponentialMovingAverage.update(ema, live, 0.9);
            float[] got = TestModels.param(ema, "head2_weight").getArray().toFloatArray();
            float[] expected = new float[w0.length];
            for (int i = 0; i < w0.length; i++) {
                expected[i] = 0.9f * w0[i] + 0.1f * w1[i];
            }
            assertArrayEquals(expected, got, 1e-7f);
            assertArrayEquals(u1, TestModels.param(ema, "stem_u").getArray().toFloatArray(), 0f);
            ExponentialMovingAverage.update(ema, live, 0.0);
            assertArrayEquals(w1, TestModels.param(ema, "head2_weight").getArray().toFloatArray(), 0f);
        }
    }
}
