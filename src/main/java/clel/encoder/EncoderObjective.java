package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import clel.config.ClelConfig;
import clel.config.ConfigException;
import clel.config.EncoderObjectiveDefinition;
import clel.config.EncoderObjectiveKind;
import clel.config.EncoderObjectiveSettings;
import clel.config.LossConfig;
import clel.config.ModelConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How the latent encoder h learns (loss.encoder_objective; paper Section 4.5, Table 7, Appendix C): L_LE of an
 * iteration, and what the objective keeps besides h. Whatever the objective, the EBM's latent of x is
 * h(t(x))/||h(t(x))|| (eq. 9).
 *
 * <p>Adding an objective: its class, with a nested {@link Definition} (key, own settings, configuration rules,
 * factories of the objective and of h), and one line naming that definition in
 * {@code META-INF/services/clel.config.EncoderObjectiveDefinition}; nothing outside its own files names it. Blocks it
 * trains are its {@link #trainable}; what a checkpoint must carry is its {@link #state}, under entry names it chooses.
 * The networks, training, checkpoints and {@code clel info} reach it through the static methods below.
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
     * An objective's definition with its factories. One per objective, in the objective's own files and registered in
     * {@code META-INF/services/clel.config.EncoderObjectiveDefinition}; it needs a public no-argument constructor.
     */
    interface Definition extends EncoderObjectiveDefinition {
        /**
         * The objective for the encoder {@code h}, its own blocks initialized into {@code manager}.
         *
         * @param loss     the loss section
         * @param model    the model section
         * @param settings every objective's own settings (this one's: {@code settings.of(...)})
         * @param h        the latent encoder, built by {@link #encoder}
         * @param manager  the manager of the objective's own blocks
         * @return the objective
         */
        EncoderObjective create(LossConfig loss, ModelConfig model, EncoderObjectiveSettings settings, LatentEncoder h,
                                NDManager manager);

        /**
         * The latent encoder h this objective trains, not yet initialized: by default the ResNet-18 + MLP of Appendix B
         * ({@link ContrastiveEncoder}); mae's is the frozen MAE encoder + MLP.
         *
         * @param model    the model section
         * @param settings every objective's own settings
         * @param manager  the manager of anything h loads at once (e.g. a frozen module)
         * @return h
         * @throws IllegalArgumentException (one line) when a file the settings name is missing or not valid
         */
        default LatentEncoder encoder(ModelConfig model, EncoderObjectiveSettings settings, NDManager manager) {
            return new ContrastiveEncoder(model);
        }

        /**
         * The settings with every file this objective will run recorded (mae: its file's absolute path and SHA-256),
         * for a configuration the user gives; training calls it once when a run starts, so that its checkpoints name
         * the files. By default the settings unchanged.
         *
         * @param settings every objective's own settings
         * @return them, this objective's pinned
         * @throws IllegalArgumentException (one line) when a file is missing or differs from a digest given
         */
        default EncoderObjectiveSettings pin(EncoderObjectiveSettings settings) {
            return settings;
        }

        /**
         * The rule for the settings stored in a checkpoint, checked before anything else of it is used: a checkpoint
         * never chooses a file that runs, so a file it names must be pinned as {@link #pin} records it. By default
         * nothing to check.
         *
         * @param stored     every objective's settings as the checkpoint stores them
         * @param checkpoint the checkpoint, named in the message
         * @throws IllegalArgumentException one line naming the checkpoint and the stored setting
         */
        default void requireRecorded(EncoderObjectiveSettings stored, Path checkpoint) {
        }
    }

    /**
     * @param kind a configured objective (loss.encoder_objective)
     * @return its definition with its factories
     * @throws ConfigException when it is registered by a definition without them
     */
    static Definition definition(EncoderObjectiveKind kind) {
        if (!(kind.definition() instanceof Definition d)) {
            throw new ConfigException("loss.encoder_objective " + kind + " is registered by "
                    + kind.definition().getClass().getName() + ", which is not an " + Definition.class.getName()
                    + " and so cannot build the objective");
        }
        return d;
    }

    /** The configured objective (loss.encoder_objective) of {@code config} for the encoder {@code h}. */
    static EncoderObjective of(ClelConfig config, LatentEncoder h, NDManager manager) {
        return of(config.loss(), config.model(), config.encoderObjectives(), h, manager);
    }

    /** The configured objective (loss.encoder_objective) for the encoder {@code h}. */
    static EncoderObjective of(LossConfig loss, ModelConfig model, EncoderObjectiveSettings settings, LatentEncoder h,
                               NDManager manager) {
        return definition(loss.encoderObjective()).create(loss, model, settings, h, manager);
    }

    /** The latent encoder h of the configured objective, not yet initialized ({@link Definition#encoder}). */
    static LatentEncoder encoder(ClelConfig config, NDManager manager) {
        return definition(config.loss().encoderObjective()).encoder(config.model(), config.encoderObjectives(), manager);
    }

    /**
     * A configuration the user gives, with the files its objective will run recorded ({@link Definition#pin}).
     *
     * @param config the user's configuration
     * @return it pinned
     * @throws IllegalArgumentException (one line) when such a file is missing or differs from a digest given
     */
    static ClelConfig pinned(ClelConfig config) {
        return config.toBuilder().encoderObjectives(definition(config.loss().encoderObjective())
                .pin(config.encoderObjectives())).build();
    }

    /**
     * Checks a checkpoint's stored configuration by its objective's rule ({@link Definition#requireRecorded}).
     *
     * @param stored     the configuration the checkpoint stores
     * @param checkpoint the checkpoint, named in the message
     * @throws IllegalArgumentException one line naming the checkpoint
     */
    static void requireRecorded(ClelConfig stored, Path checkpoint) {
        definition(stored.loss().encoderObjective()).requireRecorded(stored.encoderObjectives(), checkpoint);
    }
}
