package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import clel.config.ConfigException;
import clel.config.EncoderObjectiveDefinition;
import clel.config.LossConfig;
import clel.config.ModelConfig;
import java.util.List;
import java.util.Map;

/**
 * How the latent encoder h learns (loss.encoder_objective; paper Section 4.5, Table 7, Appendix C): L_LE of an
 * iteration, and what the objective keeps besides h. Whatever the objective, the EBM's latent of x is
 * h(t(x))/||h(t(x))|| (eq. 9).
 *
 * <p>Adding an objective: its class, with a nested {@link Definition} (key, configuration rules, factory), and one line
 * naming that definition in {@code META-INF/services/clel.config.EncoderObjectiveDefinition}. Blocks it trains are its
 * {@link #trainable}; what a checkpoint must carry is its {@link #state}, under entry names it chooses.
 */
public interface EncoderObjective {
    /**
     * L_LE of one iteration.
     *
     * @param ps         the iteration's parameter store
     * @param views      two views of the encoder batch (augment.encoder; for mae two identical copies), stacked
     *                   (2B, C, H, W): rows i and i + B are image i's
     * @param ebmLatents the EBM's latents of the SGLD samples (M, d_z), gradient stopped: extra negatives where the
     *                   objective uses them (simclr and mae with loss.use_negatives)
     * @return the scalar loss, with gradients to h and to the objective's {@link #trainable} blocks, and h(views)
     */
    Loss loss(ParameterStore ps, NDArray views, NDArray ebmLatents);

    /**
     * L_LE and what it was computed from.
     *
     * @param projections h(views) (2B, d_z), not normalized
     * @param value       the scalar loss
     */
    record Loss(NDArray projections, NDArray value) {
    }

    /** Blocks besides h that the encoder's optimizer trains (BYOL's predictor). */
    default List<Block> trainable() {
        return List.of();
    }

    /**
     * Blocks besides h whose state a checkpoint carries, by the name of their checkpoint entry (BYOL's predictor and
     * target network: byol_predictor.params, byol_target.params); names must not clash with clel.run.CheckpointEntry's.
     */
    default Map<String, Block> state() {
        return Map.of();
    }

    /** After the encoder's optimizer step of iteration {@code t} (0-based) of {@code total}, e.g. BYOL's target EMA. */
    default void afterUpdate(long t, long total) {
    }

    /**
     * An objective's definition with its factory. One per objective, nested in the objective's class and registered in
     * {@code META-INF/services/clel.config.EncoderObjectiveDefinition}; it needs a public no-argument constructor.
     */
    interface Definition extends EncoderObjectiveDefinition {
        /** The objective for the encoder {@code h}, its own blocks initialized into {@code manager}. */
        EncoderObjective create(LossConfig loss, ModelConfig model, LatentEncoder h, NDManager manager);
    }

    /** The configured objective (loss.encoder_objective) for the encoder {@code h}. */
    static EncoderObjective of(LossConfig loss, ModelConfig model, LatentEncoder h, NDManager manager) {
        if (!(loss.encoderObjective().definition() instanceof Definition d)) {
            throw new ConfigException("loss.encoder_objective " + loss.encoderObjective() + " is registered by "
                    + loss.encoderObjective().definition().getClass().getName() + ", which is not an "
                    + Definition.class.getName() + " and so cannot build the objective");
        }
        return d.create(loss, model, h, manager);
    }
}
