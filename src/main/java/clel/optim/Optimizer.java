package clel.optim;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataDesc;
import java.io.IOException;
import java.util.List;

/**
 * An optimizer whose whole state the project owns, so that a checkpoint can save it and a resumed run
 * continues exactly. {@link #step} reads each parameter's gradient, updates the parameter in place and zeroes
 * the gradient. Call it outside any GradientCollector.
 */
public interface Optimizer {
    /** One update of every parameter of the group with learning rate {@code lr}. */
    void step(double lr);

    /** The state (moments, momentum buffers, step count) as arrays, for a checkpoint. */
    NDList state();

    /**
     * The type and shape of every array of {@link #state}, in order, without creating any: what a stored state must
     * hold to be loaded (clel.model.NDListState checks it before decoding).
     */
    List<DataDesc> stateLayout();

    /**
     * Restores a state produced by {@link #state} on an optimizer of the same group.
     *
     * @throws java.io.IOException naming {@code what} when the arrays do not fit the group or the step count is negative
     */
    void load(NDList state, NDManager manager, String what) throws IOException;
}
