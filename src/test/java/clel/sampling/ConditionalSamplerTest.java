package clel.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ConditionalSamplerTest {

    @Test
    void classLatentIsTheNormalizedSumOfUnitLatents() {
        try (NDManager m = NDManager.newBaseManager()) {
            // z1 = (1, 0), z2 = (0, 1), z3 = (0.6, 0.8): sum (1.6, 1.8), norm sqrt(5.8)
            NDArray z = m.create(new float[] {1, 0, 0, 1, 0.6f, 0.8f}, new Shape(3, 2));
            double n = Math.sqrt(1.6 * 1.6 + 1.8 * 1.8);
            NDArray zbar = ConditionalSampler.aggregate(z);
            assertEquals(new Shape(1, 2), zbar.getShape());
            assertArrayEquals(new float[] {(float) (1.6 / n), (float) (1.8 / n)}, zbar.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void quantizationAndLayoutOfSampleFiles() {
        assertEquals(0, ImageBytes.quantize(-0.2f));
        assertEquals(0, ImageBytes.quantize(0.003f));
        assertEquals(128, ImageBytes.quantize(0.5f));
        assertEquals(255, ImageBytes.quantize(0.999f));
        assertEquals(255, ImageBytes.quantize(1f));
        // one 2-channel 1x2 image: NCHW [c0: a b][c1: c d] -> NHWC [a c b d]
        byte[] nhwc = ImageBytes.toNhwc(new float[] {0f, 0.25f, 0.5f, 1f}, 1, 2, 1, 2);
        assertArrayEquals(new byte[] {0, (byte) 128, 64, (byte) 255}, nhwc);
    }

    @Test
    void roundsWithoutTransitionEqualOneLongerRun() {
        try (NDManager m = NDManager.newBaseManager()) {
            clel.energy.EnergyModel ebm = new clel.energy.EnergyModel(clel.TestModels.tiny());
            ebm.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Sgld sgld = new Sgld(100f, 0f, null);
            NDArray once = new ConditionalSampler(ebm, sgld, 4).unconditional(m, 2, 7);
            NDArray rounds = new ConditionalSampler(ebm, sgld, 2, 2,
                    clel.augment.Augmenter.of(clel.augment.AugmentationKind.NONE)).unconditional(m, 2, 7);
            assertArrayEquals(once.toFloatArray(), rounds.toFloatArray(), 1e-6f);
            ConditionalSampler counted = new ConditionalSampler(ebm, sgld, 4);
            int[] reported = {0};
            counted.onProgress(n -> reported[0] += n);
            NDArray batched = counted.unconditional(m, 5, 2, 7);
            assertEquals(3 * counted.stepsPerCall(), reported[0], "3 batches of 4 SGLD steps reported");
            assertEquals(new Shape(5, 3, 32, 32), batched.getShape());
            // the first batch of the batched call is the 2-chain call with the same seed
            assertArrayEquals(once.toFloatArray(), batched.get("0:2").toFloatArray(), 1e-6f);
        }
    }
}
