package clel.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns off requires-grad on the parameter ARRAYS of blocks for a scope (SGLD's input-gradient pattern):
 * inside, a backward pass computes only input gradients, no weight gradient is produced or left behind,
 * and about a third of the work is saved. {@link #close()} restores requires-grad on exactly the arrays it
 * turned off. (Block.freezeParameters would also mark buffers trainable when undone.)
 */
public final class FrozenParameters implements AutoCloseable {
    private final List<NDArray> frozen = new ArrayList<>();

    private FrozenParameters(Block... blocks) {
        for (Block block : blocks) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                Parameter param = p.getValue();
                if (ParameterCounting.isTrainable(param) && param.isInitialized() && param.requiresGradient()) {
                    param.getArray().setRequiresGradient(false);
                    frozen.add(param.getArray());
                }
            }
        }
    }

    public static FrozenParameters of(Block... blocks) {
        return new FrozenParameters(blocks);
    }

    /** Re-enables requires-grad on the trainable parameter arrays of blocks (e.g. after loading a checkpoint). */
    public static void enableGradients(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            if (ParameterCounting.isTrainable(param) && param.isInitialized() && param.requiresGradient()) {
                param.getArray().setRequiresGradient(true);
            }
        }
    }

    @Override
    public void close() {
        for (NDArray a : frozen) {
            a.setRequiresGradient(true);
        }
        frozen.clear();
    }
}
