package clel.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * Base of the project's blocks: every parameter shape is fixed when the block is built (no shape
 * inference from a sample input), so initialization only has to reach every child.
 */
public abstract class ExplicitShapeBlock extends AbstractBlock {

    protected ExplicitShapeBlock(byte version) {
        super(version);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    /** Number of trainable values (weights, biases, BatchNorm scale and shift), buffers excluded. */
    public long trainableParameterCount() {
        return ParameterCounting.trainable(this);
    }
}
