package clel.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.energy.Energies;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Eq. (15) generalised with weights and negation, against values computed by hand on 2-d latents. */
class WeightedCompositionTest {
    // two samples: E(x) = (2, 1), unit directions g = (0.6, 0.8) and (1, 0)
    private static final float[] MARGINAL = {2f, 1f};
    private static final float[] DIRECTION = {0.6f, 0.8f, 1f, 0f};
    // attribute a: z-bar of the images with it (1, 0), of those without it (0, 1); attribute b: (0.8, 0.6) / (-0.6, 0.8)
    private static final float[] A_POS = {1f, 0f};
    private static final float[] A_NEG = {0f, 1f};
    private static final float[] B_POS = {0.8f, 0.6f};
    private static final float[] B_NEG = {-0.6f, 0.8f};

    private static float[] energy(NDManager m, String... tokens) {
        Composition c = Composition.parse(List.of(tokens));
        NDArray zbars = ConditionLatents.ofComposition(c, (attribute, present) -> m.create(
                attribute.equals("a") ? (present ? A_POS : A_NEG) : (present ? B_POS : B_NEG), new Shape(1, 2)));
        return Energies.weighted(m.create(MARGINAL), m.create(DIRECTION, new Shape(2, 2)), zbars, c.magnitudes(), 0.5f)
                .toFloatArray();
    }

    @Test
    void handComputedWeightedAndNegatedTerms() {
        try (NDManager m = NDManager.newBaseManager()) {
            // a: 2 - 0.5 * 0.6 = 1.7 ; 1 - 0.5 * 1 = 0.5
            assertArrayEquals(new float[] {1.7f, 0.5f}, energy(m, "a"), 1e-6f);
            // -a uses z-bar(a = 0) = (0, 1): 2 - 0.5 * 0.8 = 1.6 ; 1 - 0.5 * 0 = 1
            assertArrayEquals(new float[] {1.6f, 1f}, energy(m, "-a"), 1e-6f);
            // a, b=-0.5: a's term plus 0.5 * g^T (-0.6, 0.8): g1: 0.6 + 0.5 * 0.28 = 0.74 ; g2: 1 + 0.5 * -0.6 = 0.7
            assertArrayEquals(new float[] {2f - 0.5f * 0.74f, 1f - 0.5f * 0.7f}, energy(m, "a", "b=-0.5"), 1e-6f);
            // b=2: 2 * g^T (0.8, 0.6): g1: 2 * 0.96 = 1.92 ; g2: 2 * 0.8 = 1.6
            assertArrayEquals(new float[] {2f - 0.5f * 1.92f, 1f - 0.5f * 1.6f}, energy(m, "b=2"), 1e-6f);
        }
    }

    @Test
    void weightMinusOneIsTheNegativeSetsZbarAndWeightsScaleTheTerm() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(energy(m, "-a"), energy(m, "a=-1"), 0f);
            // the joint energy of eq. (10) at z-bar(a = 0): the negated term is that attribute's own eq. (15) term
            float[] joint = Energies.joint(m.create(MARGINAL), m.create(DIRECTION, new Shape(2, 2)),
                    m.create(A_NEG, new Shape(1, 2)), 0.5f).toFloatArray();
            assertArrayEquals(joint, energy(m, "-a"), 1e-7f);
            float[] one = energy(m, "b=-1");
            float[] three = energy(m, "b=-3");
            for (int i = 0; i < 2; i++) {
                assertEquals(3 * (one[i] - MARGINAL[i]), three[i] - MARGINAL[i], 1e-6f, "weights scale the latent term");
            }
        }
    }

    @Test
    void composedIsWeightedWithUnitWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray zbars = m.create(new float[] {1f, 0f, 0.8f, 0.6f}, new Shape(2, 2));
            NDArray marginal = m.create(MARGINAL);
            NDArray dir = m.create(DIRECTION, new Shape(2, 2));
            assertArrayEquals(Energies.composed(marginal, dir, zbars, 0.5f).toFloatArray(), energy(m, "a", "b"), 1e-7f);
            assertThrows(IllegalArgumentException.class,
                    () -> Energies.weighted(marginal, dir, zbars, new float[] {1f, -1f}, 0.5f));
            assertThrows(IllegalArgumentException.class,
                    () -> Energies.weighted(marginal, dir, zbars, new float[] {1f}, 0.5f));
        }
    }
}
