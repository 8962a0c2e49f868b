package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import clel.energy.DirectionalProjector;
import java.util.Map;

/**
 * The latent encoder h_phi of eq. (9), whatever its trunk: the ResNet-18 + MLP of Appendix B ({@link ContrastiveEncoder})
 * or one an encoder objective brings ({@link EncoderObjective.Definition#encoder}, e.g. a frozen MAE encoder + MLP,
 * Appendix C, {@link MaeEncoder}). As a block, its parameters are exactly what h's optimizer trains, what its EMA copy
 * averages and what a checkpoint stores (entries encoder.params and encoder_ema.params); a frozen part it runs but does
 * not hold as a child block is described by {@link #frozenPartName} and {@link #frozenParameterCounts}.
 *
 * <p>{@code forward}: images (B, C, H, W) in [0, 1] (as every clel network receives them) to h(x) (B, d_z), not
 * normalized.
 */
public interface LatentEncoder extends Block {
    /** z = h(x)/||h(x)||, (B, d_z) unit rows (eq. 9, with x already augmented by the caller). */
    default NDArray latent(ParameterStore ps, NDArray x, boolean training) {
        return DirectionalProjector.unitRows(forward(ps, new NDList(x), training).singletonOrThrow());
    }

    /** What h is, in one line for {@code clel info}, e.g. "ResNet-18, width 64". */
    String description();

    /** The name of h's frozen part for {@code clel info} (e.g. "frozen MAE encoder"); "" when all of h is trained. */
    default String frozenPartName() {
        return "";
    }

    /**
     * Parameter values of the frozen part per module, in its order, module paths cut to {@code depth} names; empty when
     * all of h is trained.
     */
    default Map<String, Long> frozenParameterCounts(int depth) {
        return Map.of();
    }
}
