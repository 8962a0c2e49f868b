package clel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import clel.energy.EnergyOutput;
import org.junit.jupiter.api.Test;

class SamplesBelowDataEnergyTest {
    @Test
    void countsSamplesBelowTheDataMean() {
        // data mean (0.1 + 0.2 + 0.6) / 3 = 0.3: samples 0.05 and 0.29 are below it, 0.3 and 0.9 are not
        assertEquals(0.5, SamplesBelowDataEnergy.share(new float[] {0.1f, 0.2f, 0.6f}, new float[] {0.05f, 0.3f, 0.9f, 0.29f}));
        assertEquals(0.0, SamplesBelowDataEnergy.share(new float[] {1f}, new float[] {1f, 2f}));
        assertTrue(Double.isNaN(SamplesBelowDataEnergy.share(new float[0], new float[] {1f})));
    }

    @Test
    void readsTheMarginalEnergiesOfAStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            EnergyOutput real = new EnergyOutput(m.zeros(new ai.djl.ndarray.types.Shape(2, 4)),
                    m.zeros(new ai.djl.ndarray.types.Shape(2, 4)), m.create(new float[] {0.2f, 0.4f}));
            EnergyOutput fake = new EnergyOutput(m.zeros(new ai.djl.ndarray.types.Shape(2, 4)),
                    m.zeros(new ai.djl.ndarray.types.Shape(2, 4)), m.create(new float[] {0.1f, 0.5f}));
            StepMeasure measure = new SamplesBelowDataEnergy();
            assertEquals(0.5, measure.measure(new StepQuantities(real, fake, null, null)));
            assertEquals("samples_below_data", measure.field());
        }
    }
}
