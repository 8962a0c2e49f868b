package clel.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import clel.TestModels;
import clel.energy.EnergyModel;
import clel.optim.Adam;
import clel.optim.ParameterGroup;
import clel.run.CraftedFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stored arrays whose headers lie (rank, type, data length, element count) are refused with one line naming the
 * source and the array, before DJL allocates anything they claim; the block or optimizer keeps its values.
 */
class StoredArraysTest {

    private static String refused(ThrowingLoad load) {
        IOException e = assertThrows(IOException.class, load::run);
        assertTrue(e.getMessage().startsWith("x.ckpt entry ebm.params"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private interface ThrowingLoad {
        void run() throws IOException;
    }

    @Test
    void weightsWhoseHeadersLieAreRefusedAndLeaveTheBlockAsItWas() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            EnergyModel a = new EnergyModel(TestModels.tiny());
            a.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            byte[] state = BlockState.save(a);
            float[] before = a.getParameters().valueAt(0).getArray().toFloatArray();
            String what = "x.ckpt entry ebm.params";
            assertTrue(refused(() -> BlockState.load(a, m, CraftedFiles.withRank(state, -1), what))
                    .endsWith("invalid array at byte 223: rank -1 is out of range (0 to 8)"));
            assertTrue(refused(() -> BlockState.load(a, m, CraftedFiles.withRank(state, Integer.MAX_VALUE), what))
                    .endsWith("rank 2147483647 is out of range (0 to 8)"));
            assertTrue(refused(() -> BlockState.load(a, m, CraftedFiles.withDataLength(state, -8), what))
                    .endsWith("data length -8 does not match (32, 3, 3, 3) float32 (3456 bytes)"));
            assertTrue(refused(() -> BlockState.load(a, m, CraftedFiles.withFloat16(state), what))
                    .endsWith("is float16 (32, 3, 3, 3) but the model expects float32 (32, 3, 3, 3) (saved from a "
                            + "different architecture, or damaged)"));
            assertTrue(refused(() -> BlockState.load(a, m, CraftedFiles.withOneDimension(state, 100_000_000_000L,
                    Integer.MAX_VALUE - 3), what)).contains("data length 2147483644 does not match (100000000000) "
                    + "float32 (more than an array can hold)"));
            byte[] other = state.clone();
            other[1] ^= 0x40; // the block's metadata, before the first parameter
            assertTrue(refused(() -> BlockState.load(a, m, other, what)).contains("differs from the model's layout"));
            byte[] longer = Arrays.copyOf(state, state.length + 3);
            assertTrue(refused(() -> BlockState.load(a, m, longer, what)).endsWith("3 unexpected trailing bytes "
                    + "(architecture mismatch?)"));
            assertArrayEquals(before, a.getParameters().valueAt(0).getArray().toFloatArray());
            BlockState.load(a, m, state, what);
            a.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(2, 3, 32, 32))), false);
        }
    }

    @Test
    void anOptimizerStateClaimingMoreOrOtherArraysIsRefusedBeforeDecoding() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            EnergyModel a = new EnergyModel(TestModels.tiny());
            a.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Adam adam = new Adam(ParameterGroup.of(a, List.of()), m, 0, 0.999, 1e-8);
            byte[] state = adam.state().encode();
            String what = "x.ckpt entry ebm_optimizer.ndlist";
            IOException huge = assertThrows(IOException.class, () -> NDListState.decode(m,
                    CraftedFiles.withOneDimension(state, 100_000_000_000L, 400_000_000), adam.stateLayout(), what));
            assertEquals(what + " array 0: invalid array at byte 4: data length 400000000 does not match (100000000000) "
                    + "float32 (more than an array can hold)", huge.getMessage());
            byte[] fewer = state.clone();
            ByteBuffer.wrap(fewer).putInt(0, 3);
            assertEquals(what + ": holds 3 arrays, expected " + adam.stateLayout().size() + " (saved from a different "
                    + "architecture, or damaged)", assertThrows(IOException.class,
                    () -> NDListState.decode(m, fewer, adam.stateLayout(), what)).getMessage());
            assertTrue(NDListState.maxSize(adam.stateLayout()) >= state.length);

            NDList decoded = NDListState.decode(m, state, adam.stateLayout(), what);
            decoded.get(decoded.size() - 1).set(new ai.djl.ndarray.index.NDIndex("..."), -5L);
            assertEquals(what + ": step count -5 is negative",
                    assertThrows(IOException.class, () -> adam.load(decoded, m, what)).getMessage());
        }
    }
}
