package clel.energy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import clel.config.ProjectorKind;
import org.junit.jupiter.api.Test;

class DirectionalProjectorTest {

    private static float[] run(DirectionalProjector g, NDManager m, float[] f) {
        NDArray in = m.create(f, new Shape(1, 2));
        return g.forward(new ParameterStore(m, false), new NDList(in), false).singletonOrThrow().toFloatArray();
    }

    @Test
    void identityIsTheUnitDirection() {
        try (NDManager m = NDManager.newBaseManager()) {
            DirectionalProjector g = new DirectionalProjector(ProjectorKind.IDENTITY, 2, 4);
            g.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            assertArrayEquals(new float[] {0.6f, 0.8f}, run(g, m, new float[] {3, 4}), 1e-6f);
            org.junit.jupiter.api.Assertions.assertEquals(0, g.getParameters().size());
        }
    }

    @Test
    void linearAppliesMatrixThenNormalizes() {
        try (NDManager m = NDManager.newBaseManager()) {
            DirectionalProjector g = new DirectionalProjector(ProjectorKind.LINEAR, 2, 4);
            g.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            // W = [[0, 1], [2, 0]] ; u = (0.6, 0.8) -> W u = (0.8, 1.2) -> /|.| = (0.5547, 0.8321)
            clel.TestModels.param(g, "w1_weight").getArray().set(new float[] {0, 1, 2, 0});
            double n = Math.hypot(0.8, 1.2);
            assertArrayEquals(new float[] {(float) (0.8 / n), (float) (1.2 / n)}, run(g, m, new float[] {3, 4}), 1e-6f);
        }
    }

    @Test
    void mlpIsTwoBiasFreeLayersWithLeakyRelu() {
        try (NDManager m = NDManager.newBaseManager()) {
            DirectionalProjector g = new DirectionalProjector(ProjectorKind.MLP, 2, 2);
            g.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            // W1 = [[1, -1], [-1, 0]] ; u = (0.6, 0.8): W1 u = (-0.2, -0.6) -> leaky(0.2) = (-0.04, -0.12)
            // W2 = [[1, 0], [1, 1]] -> (-0.04, -0.16) -> normalized
            clel.TestModels.param(g, "w1_weight").getArray().set(new float[] {1, -1, -1, 0});
            clel.TestModels.param(g, "w2_weight").getArray().set(new float[] {1, 0, 1, 1});
            double n = Math.hypot(0.04, 0.16);
            assertArrayEquals(new float[] {(float) (-0.04 / n), (float) (-0.16 / n)}, run(g, m, new float[] {3, 4}), 1e-5f);
            // scale invariance of the input: g(f) depends on f/||f|| only
            assertArrayEquals(run(g, m, new float[] {3, 4}), run(g, m, new float[] {30, 40}), 1e-6f);
        }
    }
}
