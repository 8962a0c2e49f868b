package clel.optim;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

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

    /** Restores a state produced by {@link #state} on an optimizer of the same group. */
    void load(NDList state, NDManager manager, String what) throws java.io.IOException;
}
