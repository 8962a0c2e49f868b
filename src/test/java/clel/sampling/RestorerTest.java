package clel.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import clel.TestModels;
import clel.encoder.ContrastiveEncoder;
import clel.energy.EnergyModel;
import org.junit.jupiter.api.Test;

/** Inpainting, denoising and weighted composition on the micro model (random weights, 32 x 32). */
class RestorerTest {

    private static Restorer restorer(NDManager m, int steps) {
        Engine.getInstance().setRandomSeed(11);
        EnergyModel ebm = new EnergyModel(TestModels.tiny());
        ebm.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        ContrastiveEncoder h = new ContrastiveEncoder(TestModels.tiny());
        h.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        return new Restorer(ebm, h, new Sgld(100f, 0.001f, null), steps);
    }

    @Test
    void inpaintingKeepsTheKnownPixelsAndRestoresTheBox() {
        try (NDManager m = NDManager.newBaseManager()) {
            Restorer r = restorer(m, 3);
            NDArray clean = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 32));
            NDArray box = Masks.box(m, 32, 32);
            Corruption c = Corruption.of(m, clean, box, 0f, 4);
            NDArray z = r.latents(m, c);
            assertEquals(new Shape(2, 16), z.getShape());
            NDArray out = r.restore(m, c, z, 1f, 3);
            NDArray known = box.neg().add(1f);
            assertArrayEquals(clean.mul(known).toFloatArray(), out.mul(known).toFloatArray(), 0f, "known pixels kept");
            assertTrue(out.sub(c.start()).mul(box).abs().sum().getFloat() > 0, "SGLD moved the missing pixels");
            assertArrayEquals(out.toFloatArray(), r.restore(m, c, z, 1f, 3).toFloatArray(), 0f, "same seed, same result");
            NDArray unguided = r.restore(m, c, null, 0f, 3);
            assertNotEquals(0f, unguided.sub(out).abs().sum().getFloat(), "the latent term changes the restoration");
            assertThrows(IllegalArgumentException.class, () -> r.restore(m, c, null, 1f, 3));
        }
    }

    @Test
    void refreshingTheLatentChangesTheGuidanceButNotTheKnownPixels() {
        try (NDManager m = NDManager.newBaseManager()) {
            Restorer once = restorer(m, 4);
            Engine.getInstance().setRandomSeed(11);
            EnergyModel ebm = new EnergyModel(TestModels.tiny());
            ebm.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ContrastiveEncoder h = new ContrastiveEncoder(TestModels.tiny());
            h.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Restorer refreshed = new Restorer(ebm, h, new Sgld(100f, 0.001f, null), 4, 2);
            NDArray clean = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 32));
            NDArray box = Masks.box(m, 32, 32);
            Corruption c = Corruption.of(m, clean, box, 0f, 4);
            NDArray fixed = once.restore(m, c, once.latents(m, c), 1f, 3);
            NDArray moving = refreshed.restore(m, c, refreshed.latents(m, c), 1f, 3);
            NDArray known = box.neg().add(1f);
            assertArrayEquals(clean.mul(known).toFloatArray(), moving.mul(known).toFloatArray(), 0f);
            assertNotEquals(0f, fixed.sub(moving).abs().sum().getFloat(), "z from x_2 differs from z of the corrupted image");
            assertArrayEquals(fixed.toFloatArray(), new Restorer(ebm, h, new Sgld(100f, 0.001f, null), 4, 0)
                    .restore(m, c, once.latents(m, c), 1f, 3).toFloatArray(), 0f, "same networks, same seed");
            assertThrows(IllegalArgumentException.class, () -> new Restorer(ebm, h, new Sgld(1f, 0f, null), 4, -1));
        }
    }

    @Test
    void denoisingStartsFromTheNoisyImageAndMovesEveryPixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            Restorer r = restorer(m, 2);
            NDArray clean = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 32));
            Corruption c = Corruption.of(m, clean, null, 0.2f, 9);
            assertArrayEquals(c.corrupted().toFloatArray(), c.start().toFloatArray(), 0f, "no missing pixel");
            assertEquals(0f, c.fixed().sum().getFloat(), "with noise no pixel is held");
            NDArray out = r.restore(m, c, r.latents(m, c), 1f, 1);
            assertTrue(out.sub(c.start()).abs().min().getFloat() >= 0);
            assertTrue(out.sub(c.start()).neq(0f).sum().getLong() > 0.9 * out.size(), "(almost) every pixel moved");
            assertTrue(out.min().getFloat() >= 0f && out.max().getFloat() <= 1f);
        }
    }

    @Test
    void aWeightOfTwoIsTwiceBeta() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            EnergyModel ebm = new EnergyModel(TestModels.tiny());
            ebm.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ConditionalSampler sampler = new ConditionalSampler(ebm, new Sgld(100f, 0.001f, null), 3);
            NDArray z = m.create(new float[16], new Shape(1, 16)).add(0.25f);
            NDArray weighted = sampler.weighted(m, z, new float[] {2f}, 2, 0.5f, 7);
            NDArray doubled = sampler.conditional(m, z, 2, 1f, 7);
            assertArrayEquals(doubled.toFloatArray(), weighted.toFloatArray(), 1e-5f);
        }
    }
}
