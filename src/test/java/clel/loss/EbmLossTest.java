package clel.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.energy.EnergyOutput;
import org.junit.jupiter.api.Test;

class EbmLossTest {

    @Test
    void handComputed() {
        try (NDManager m = NDManager.newBaseManager()) {
            // real: E = (1, 2); cos(g, z) = (0.5, 1); fake: E = (3, 5); alpha 1, beta 0.1
            NDArray dir = m.create(new float[] {0.5f, (float) Math.sqrt(0.75), 1f, 0f}, new Shape(2, 2));
            NDArray z = m.create(new float[] {1f, 0f, 1f, 0f}, new Shape(2, 2));
            EnergyOutput real = new EnergyOutput(null, dir, m.create(new float[] {1f, 2f}));
            EnergyOutput fake = new EnergyOutput(null, dir, m.create(new float[] {3f, 5f}));
            EbmLoss.Terms t = EbmLoss.compute(real, z, fake, 1f, 0.1f);
            // mean E(x,z) = ((1 - 0.05) + (2 - 0.1)) / 2 = 1.425; minus mean E(x~) = 4 -> -2.575
            // alpha * (mean(1, 4) + mean(9, 25)) = 2.5 + 17 = 19.5 ; total 16.925
            assertEquals(16.925f, t.total().getFloat(), 1e-5f);
            assertEquals(1.5f, t.realEnergy().getFloat(), 1e-6f);
            assertEquals(4f, t.fakeEnergy().getFloat(), 1e-6f);
            assertEquals(0.75f, t.latentCosine().getFloat(), 1e-6f);
        }
    }
}
