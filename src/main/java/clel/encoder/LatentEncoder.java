package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import clel.energy.DirectionalProjector;

/**
 * The latent encoder h_phi of eq. (9), whatever its trunk: the ResNet-18 + MLP of Appendix B ({@link ContrastiveEncoder})
 * or a frozen MAE encoder + MLP (Appendix C, {@link MaeEncoder}). As a block, its parameters are exactly what h's
 * optimizer trains, what its EMA copy averages and what a checkpoint stores (entries encoder.params and
 * encoder_ema.params).
 *
 * <p>{@code forward}: images (B, C, H, W) in [0, 1] (as every clel network receives them) to h(x) (B, d_z), not
 * normalized.
 */
public interface LatentEncoder extends Block {
    /** z = h(x)/||h(x)||, (B, d_z) unit rows (eq. 9, with x already augmented by the caller). */
    default NDArray latent(ParameterStore ps, NDArray x, boolean training) {
        return DirectionalProjector.unitRows(forward(ps, new NDList(x), training).singletonOrThrow());
    }
}
