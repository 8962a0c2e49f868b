package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.Factor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-factor probes on features whose content is known: a factor written into the features is recovered
 * (linear probe and k-NN near 1), a factor the features do not carry stays at chance, and chance is the held-out
 * accuracy of the most frequent reference value.
 */
class FactorProbesTest {
    private static final int DIM = 16;

    /** Features: dims 0..4 one-hot of factor "encoded" (5 values, weight 6), all dims Gaussian noise. */
    private static float[][] features(int[] encoded, SplittableRandom rng) {
        float[][] x = new float[encoded.length][DIM];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < DIM; j++) {
                x[i][j] = (float) gaussian(rng);
            }
            x[i][encoded[i]] += 6;
        }
        return x;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static int[] values(int n, int k, SplittableRandom rng) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(k);
        }
        return v;
    }

    private static List<Factor> factors(int[] encoded, int[] noise) {
        return List.of(new Factor("encoded", List.of("a", "b", "c", "d", "e"), encoded),
                new Factor("noise", List.of("x", "y", "z"), noise));
    }

    @Test
    void recoversAnEncodedFactorAndStaysAtChanceOnNoise() {
        SplittableRandom rng = new SplittableRandom(1);
        int[] refEncoded = values(600, 5, rng);
        int[] refNoise = values(600, 3, rng);
        int[] qEncoded = values(400, 5, rng);
        int[] qNoise = values(400, 3, rng);
        List<FactorProbes.Result> r = FactorProbes.measure(features(refEncoded, rng), factors(refEncoded, refNoise),
                features(qEncoded, rng), factors(qEncoded, qNoise), 5);
        assertEquals(2, r.size());
        FactorProbes.Result encoded = r.get(0);
        FactorProbes.Result noise = r.get(1);
        assertEquals("encoded", encoded.factor());
        assertEquals(5, encoded.values());
        assertTrue(encoded.linear() > 0.95, "linear probe on the encoded factor: " + encoded.linear());
        assertTrue(encoded.knn() > 0.9, "k-NN on the encoded factor: " + encoded.knn());
        assertTrue(Math.abs(noise.linear() - 1 / 3.0) < 0.08, "linear probe on noise: " + noise.linear());
        assertTrue(Math.abs(noise.knn() - 1 / 3.0) < 0.08, "k-NN on noise: " + noise.knn());
        assertTrue(Math.abs(noise.chance() - 1 / 3.0) < 0.06, "chance: " + noise.chance());
    }

    @Test
    void chanceIsTheMostFrequentReferenceValueOnTheQueries() {
        float[][] f = {{0f}, {1f}, {2f}, {3f}};
        List<Factor> ref = List.of(new Factor("f", List.of("a", "b"), new int[] {1, 1, 1, 0}));
        List<Factor> q = List.of(new Factor("f", List.of("a", "b"), new int[] {0, 1, 0, 0}));
        assertEquals(0.25, FactorProbes.measure(f, ref, f, q, 1).get(0).chance(), 0.0);
    }

    @Test
    void aFactorMissingFromTheQueriesIsSkipped() {
        float[][] f = {{0f}, {1f}};
        List<Factor> ref = List.of(new Factor("f", List.of("a", "b"), new int[] {0, 1}));
        List<Factor> q = List.of(new Factor("g", List.of("a", "b"), new int[] {0, 1}));
        assertTrue(FactorProbes.measure(f, ref, f, q, 1).isEmpty());
    }

    /** A class subset keeps the data set's class names; the result counts only the values the images take. */
    @Test
    void valuesCountsOnlyTheValuesPresent() {
        float[][] f = {{0f}, {1f}, {2f}, {3f}};
        List<String> names = List.of("a", "b", "c", "d", "e");
        List<Factor> ref = List.of(new Factor("f", names, new int[] {0, 1, 0, 1}));
        List<Factor> q = List.of(new Factor("f", names, new int[] {1, 0, 1, 0}));
        assertEquals(2, FactorProbes.measure(f, ref, f, q, 1).get(0).values());
    }
}
