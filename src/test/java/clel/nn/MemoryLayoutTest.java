package clel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The channels-last view keeps shape, values and gradients; only the memory order changes. */
class MemoryLayoutTest {

    @Test
    void keepsShapeAndValuesForThreeAndOneChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int c : new int[] {3, 1}) {
                NDArray x = m.arange((float) (2 * c * 4 * 5)).reshape(2, c, 4, 5);
                NDArray y = MemoryLayout.channelsLast(x);
                assertEquals(new Shape(2, c, 4, 5), y.getShape());
                assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0f);
                // applied twice (as EnergyTrunk does after its stem) it is still the same tensor's values
                assertArrayEquals(x.toFloatArray(), MemoryLayout.channelsLast(y).toFloatArray(), 0f);
                // elementwise arithmetic on it is the same as on the contiguous tensor
                assertArrayEquals(x.mul(x).toFloatArray(), y.mul(y).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void gradientFlowsBackUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 4, 4));
            NDArray weights = m.randomUniform(-1f, 1f, new Shape(2, 3, 4, 4));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // d/dx sum(w * layout(x)) = w, element for element
                gc.backward(MemoryLayout.channelsLast(x).mul(weights).sum());
            }
            assertArrayEquals(weights.toFloatArray(), x.getGradient().toFloatArray(), 0f);
        }
    }

    @Test
    void disabledIsTheSameArrayAndOtherRanksAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(1, 3, 2, 2));
            assertTrue(MemoryLayout.apply(x, false) == x);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MemoryLayout.channelsLast(m.ones(new Shape(3, 2, 2))));
            assertTrue(e.getMessage().contains("(3, 2, 2)"), e.getMessage());
        }
    }
}
