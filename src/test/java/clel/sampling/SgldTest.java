package clel.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import clel.TestModels;
import clel.energy.EnergyModel;
import clel.nn.ParameterCounting;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SgldTest {

    /** E(x) = a/2 * sum (x - c)^2 per sample: grad = a (x - c). */
    private static Function<NDArray, NDArray> quadratic(float a, float c) {
        return x -> x.sub(c).square().sum(new int[] {1, 2, 3}).mul(a / 2);
    }

    @Test
    void stepOnQuadraticEnergyEqualsClosedForm() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x0 = {0.1f, 0.2f, 0.6f, 0.9f};
            NDArray x = m.create(x0, new Shape(1, 1, 2, 2));
            // x' = clamp(x - eta * a (x - c), 0, 1) with a = 2, c = 0.5, eta = 0.1, no noise
            NDArray next = new Sgld(0.1f, 0f, null).step(quadratic(2f, 0.5f), x);
            float[] expected = new float[4];
            for (int i = 0; i < 4; i++) {
                expected[i] = Math.min(1f, Math.max(0f, x0[i] - 0.1f * 2f * (x0[i] - 0.5f)));
            }
            assertArrayEquals(expected, next.toFloatArray(), 1e-6f);
            // a large step overshoots and is clamped to [0, 1]: x - 10 * 2 (x - 0.5)
            float[] big = new Sgld(10f, 0f, null).step(quadratic(2f, 0.5f), x).toFloatArray();
            assertArrayEquals(new float[] {1f, 1f, 0f, 0f}, big, 0f);
            // gradient clip 0.1: the step is eta * clip(a (x - c)) = 10 * (+-0.1) = +-1 -> clamped
            float[] clipped = new Sgld(1f, 0f, 0.1f).step(quadratic(2f, 0.5f), x).toFloatArray();
            // x0 - 1 * clip(2 (x0 - 0.5), -0.1, 0.1): 0.1 + 0.1, 0.2 + 0.1, 0.6 - 0.1, 0.9 - 0.1
            assertArrayEquals(new float[] {0.2f, 0.3f, 0.5f, 0.8f}, clipped, 1e-6f);
            assertArrayEquals(x0, x.toFloatArray(), 0f); // input untouched
        }
    }

    @Test
    void noiseHasTheConfiguredStandardDeviation() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            NDArray x = m.full(new Shape(16, 3, 32, 32), 0.5f);
            // zero energy: the step is pure noise
            NDArray next = new Sgld(1f, 0.01f, null).step(xi -> xi.mul(0f).sum(new int[] {1, 2, 3}), x);
            NDArray d = next.sub(x);
            float std = (float) Math.sqrt(d.square().mean().getFloat());
            assertEquals(0.01f, std, 0.0005f);
        }
    }

    @Test
    void parametersUnchangedAndWithoutGradientAfterSampling() {
        try (NDManager m = NDManager.newBaseManager()) {
            EnergyModel model = new EnergyModel(TestModels.tiny());
            model.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, float[]> before = new HashMap<>();
            for (Pair<String, Parameter> p : model.getParameters()) {
                before.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0f, 1f, new Shape(4, 3, 32, 32));
            NDArray out = new Sgld(100f, 0.001f, null).run(xi -> model.evaluate(ps, xi, false).marginal(), x, 5, model);
            assertEquals(x.getShape(), out.getShape());
            for (Pair<String, Parameter> p : model.getParameters()) {
                NDArray a = p.getValue().getArray();
                assertArrayEquals(before.get(p.getKey()), a.toFloatArray(), 0f, p.getKey());
                if (ParameterCounting.isTrainable(p.getValue()) && a.hasGradient()) {
                    assertEquals(0f, a.getGradient().abs().sum().getFloat(), p.getKey() + " holds a gradient");
                }
            }
            assertFalse(out.hasGradient());
        }
    }

    @Test
    void reinitializationRateMatchesProbability() {
        ReplayBuffer buffer = new ReplayBuffer(100, 1, 2, 2, new SplittableRandom(1));
        SplittableRandom rng = new SplittableRandom(2);
        int n = 200_000;
        int hits = 0;
        int[] counts = new int[100];
        for (int i = 0; i < n / 50; i++) {
            ReplayBuffer.Draw d = buffer.choose(50, 0.05, rng);
            for (int j = 0; j < 50; j++) {
                hits += d.reinitialized()[j] ? 1 : 0;
                counts[d.indices()[j]]++;
            }
        }
        // binomial(200000, 0.05): std = sqrt(n p (1-p)) ~ 97.5; allow 5 std
        assertEquals(0.05 * n, hits, 5 * Math.sqrt(n * 0.05 * 0.95));
        for (int c : counts) {
            assertEquals(n / 100.0, c, 5 * Math.sqrt(n * 0.01 * 0.99)); // uniform choice of chains
        }
    }

    @Test
    void aBatchDrawsDistinctChainsInEveryOrder() {
        ReplayBuffer buffer = new ReplayBuffer(5, 1, 1, 1, new SplittableRandom(1));
        SplittableRandom rng = new SplittableRandom(4);
        Map<String, Integer> orders = new HashMap<>();
        int[][] position = new int[5][5];
        int draws = 60_000;
        for (int i = 0; i < draws; i++) {
            int[] idx = buffer.choose(5, 0, rng).indices();
            assertEquals(5, Arrays.stream(idx).distinct().count(), "without replacement");
            orders.merge(Arrays.toString(idx), 1, Integer::sum);
            for (int p = 0; p < 5; p++) {
                position[p][idx[p]]++;
            }
        }
        assertEquals(120, orders.size(), "all 5! orders occur");
        for (int[] row : position) {
            for (int c : row) {
                assertEquals(draws / 5.0, c, 5 * Math.sqrt(draws * 0.2 * 0.8)); // each chain equally likely at each position
            }
        }
        assertThrows(IllegalArgumentException.class, () -> buffer.choose(6, 0, rng));
    }

    @Test
    void bufferReadsWritesAndRestartsChains() {
        try (NDManager m = NDManager.newBaseManager()) {
            ReplayBuffer buffer = new ReplayBuffer(3, 1, 1, 2, new SplittableRandom(1));
            ReplayBuffer.Draw d = new ReplayBuffer.Draw(new int[] {2, 0}, new boolean[] {false, false});
            buffer.write(d, m.create(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new Shape(2, 1, 1, 2)));
            assertArrayEquals(new float[] {0.3f, 0.4f, 0.1f, 0.2f},
                    buffer.read(new ReplayBuffer.Draw(new int[] {0, 2}, new boolean[] {false, false}), m, new SplittableRandom(3))
                            .toFloatArray(), 0f);
            float[] restarted = buffer.read(new ReplayBuffer.Draw(new int[] {0, 2}, new boolean[] {true, false}), m,
                    new SplittableRandom(3)).toFloatArray();
            SplittableRandom same = new SplittableRandom(3);
            assertArrayEquals(new float[] {(float) same.nextDouble(), (float) same.nextDouble(), 0.1f, 0.2f}, restarted, 0f);
        }
    }
}
