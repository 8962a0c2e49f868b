package clel.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import clel.TestModels;
import clel.config.EnergySize;
import clel.encoder.ContrastiveEncoder;
import clel.energy.EnergyModel;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockStateTest {

    @Test
    void saveLoadRoundTripGivesIdenticalOutputs() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            EnergyModel a = new EnergyModel(TestModels.tiny());
            a.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ContrastiveEncoder ha = new ContrastiveEncoder(TestModels.tiny());
            ha.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0f, 1f, new Shape(4, 3, 32, 32));
            // move the power-iteration vectors and BatchNorm statistics away from their initial values
            a.forward(ps, new NDList(x), true);
            ha.forward(ps, new NDList(x), true);

            Engine.getInstance().setRandomSeed(2);
            EnergyModel b = new EnergyModel(TestModels.tiny());
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ContrastiveEncoder hb = new ContrastiveEncoder(TestModels.tiny());
            hb.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            float[] before = b.forward(ps, new NDList(x), false).get(0).toFloatArray();
            float[] expected = a.forward(ps, new NDList(x), false).get(0).toFloatArray();
            assertTrue(!Arrays.equals(before, expected));

            BlockState.load(b, m, BlockState.save(a), "test");
            BlockState.load(hb, m, BlockState.save(ha), "test");
            ps = new ParameterStore(m, false); // a ParameterStore caches the arrays it has handed out
            assertArrayEquals(expected, b.forward(ps, new NDList(x), false).get(0).toFloatArray(), 0f);
            assertArrayEquals(a.forward(ps, new NDList(x), false).get(2).toFloatArray(),
                    b.forward(ps, new NDList(x), false).get(2).toFloatArray(), 0f);
            assertArrayEquals(ha.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray(),
                    hb.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray(), 0f);
        }
    }

    @Test
    void mismatchedArchitectureOrTruncatedDataIsAClearError() {
        try (NDManager m = NDManager.newBaseManager()) {
            EnergyModel a = new EnergyModel(TestModels.tiny());
            a.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            EnergyModel small = new EnergyModel(TestModels.tiny().withSize(EnergySize.SMALL));
            small.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            byte[] state = BlockState.save(a);
            IOException e1 = assertThrows(IOException.class, () -> BlockState.load(small, m, state, "ckpt.zip entry ebm"));
            assertTrue(e1.getMessage().startsWith("ckpt.zip entry ebm"), e1.getMessage());
            byte[] cut = Arrays.copyOf(state, state.length / 2);
            IOException e2 = assertThrows(IOException.class, () -> BlockState.load(a, m, cut, "ckpt.zip entry ebm"));
            assertTrue(e2.getMessage().startsWith("ckpt.zip entry ebm"), e2.getMessage());
        }
    }
}
