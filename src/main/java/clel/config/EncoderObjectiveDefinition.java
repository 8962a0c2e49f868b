package clel.config;

/**
 * A latent encoder objective as the configuration knows it (paper Section 4.5, Table 7, Appendix C): the value of
 * {@code loss.encoder_objective} that selects it, and the rules it sets on the rest of the configuration. The objective
 * itself, its loss and its blocks, is clel.encoder's; each objective's definition sits in the objective's own file and
 * is found with {@link java.util.ServiceLoader}: one line per objective in
 * {@code META-INF/services/clel.config.EncoderObjectiveDefinition} registers it.
 */
public interface EncoderObjectiveDefinition {
    /** @return the value of loss.encoder_objective, e.g. "simclr" */
    String key();

    /** @return one line for the configuration's documentation and errors */
    String summary();

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
