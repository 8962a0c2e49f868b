package clel.config;

import java.util.Map;
import java.util.Optional;

/**
 * A latent encoder objective as the configuration knows it (paper Section 4.5, Table 7, Appendix C): the value of
 * {@code loss.encoder_objective} that selects it, its own settings, and the rules it sets on the rest of the
 * configuration. The objective itself, its loss, its encoder and its blocks, is clel.encoder's; each objective's
 * definition sits in the objective's own files and is found with {@link java.util.ServiceLoader}: one line per objective
 * in {@code META-INF/services/clel.config.EncoderObjectiveDefinition} registers it.
 *
 * <p><b>Own settings.</b> An objective with settings of its own gives them as a record ({@link #defaultSettings}), read
 * from the YAML section {@code encoder_objectives.KEY} (KEY its {@link #key}) by the same rules as every section: the
 * snake_case names of the record's components, validated by its constructor. The record's values are the defaults;
 * {@link EncoderObjectiveSettings} holds every registered objective's, and only the configured objective's may differ
 * from them.
 */
public interface EncoderObjectiveDefinition {
    /** @return the value of loss.encoder_objective, e.g. "simclr" */
    String key();

    /** @return one line for the configuration's documentation and errors */
    String summary();

    /**
     * @return this objective's settings with their default values, a record whose components are the keys of its YAML
     *         section encoder_objectives.KEY (their types those of the configuration's records); empty (the default)
     *         for an objective without settings of its own
     */
    default Optional<Record> defaultSettings() {
        return Optional.empty();
    }

    /**
     * Keys under which this objective's settings were read before they had their own section, still accepted in YAML
     * files, overrides and the configurations stored in checkpoints, e.g. "model.mae_encoder" for
     * "encoder_objectives.mae.encoder". A file or override that uses one is told the current key in a notice.
     *
     * @return former key path to current key path (full paths); empty (the default) when there are none
     */
    default Map<String, String> formerKeys() {
        return Map.of();
    }

    /**
     * Throws a {@link ConfigException} naming the setting when this objective, the configured one, cannot run with its
     * own settings (e.g. mae without its encoder file). Called when a configuration is built, and by {@code clel info}.
     *
     * @param settings every objective's settings; this objective's are {@code settings.of(...)} of its record's type
     */
    default void checkSettings(EncoderObjectiveSettings settings) {
    }

    /**
     * Throws a {@link ConfigException} naming the setting when the configuration breaks one of this objective's rules
     * (e.g. byol uses no negatives, mae needs un-augmented views). Called when a configuration is built.
     *
     * @param model   the model section
     * @param loss    the loss section
     * @param augment the augment section
     */
    default void check(ModelConfig model, LossConfig loss, AugmentConfig augment) {
    }

    /**
     * The rule of an objective without negatives (byol, align_uniform): loss.use_negatives must be false.
     *
     * @param objective the objective's key, for the message
     * @param loss      the loss section
     * @throws ConfigException when loss.use_negatives is true
     */
    static void requireNoNegatives(String objective, LossConfig loss) {
        if (loss.useNegatives()) {
            throw new ConfigException("loss.use_negatives is true but loss.encoder_objective is " + objective
                    + ", which uses no negatives: set loss.use_negatives=false");
        }
    }
}
