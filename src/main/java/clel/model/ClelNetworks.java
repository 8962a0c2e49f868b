package clel.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import clel.config.ClelConfig;
import clel.config.ModelConfig;
import clel.encoder.EncoderObjective;
import clel.encoder.LatentEncoder;
import clel.energy.EnergyModel;
import clel.optim.ExponentialMovingAverage;

/**
 * The two networks of CLEL built from one {@link ModelConfig}: the EBM (f, g) and the latent encoder h (the one the
 * configured encoder objective builds: the ResNet-18 encoder, or its own, e.g. mae's frozen MAE encoder + MLP),
 * initialized with the engine's current random seed into the given manager.
 *
 * @param config  the model section the networks were built from
 * @param ebm     f and g
 * @param encoder h
 */
public record ClelNetworks(ModelConfig config, EnergyModel ebm, LatentEncoder encoder) {

    /**
     * Builds and initializes both networks of a configuration, h the one its encoder objective builds
     * ({@code clel.encoder.EncoderObjective.Definition#encoder}).
     *
     * @param config  a configuration
     * @param manager the manager of the weights
     * @return the networks
     * @throws IllegalArgumentException (one line) when a file the objective's settings name is missing, another file
     *                                  or not valid
     */
    public static ClelNetworks create(ClelConfig config, NDManager manager) {
        EnergyModel ebm = new EnergyModel(config.model());
        return initialize(config.model(), ebm, EncoderObjective.encoder(config, manager), manager);
    }

    /**
     * Builds f and g and initializes them and the given h.
     *
     * @param config  the model section of a configuration
     * @param encoder h, not yet initialized (e.g. {@code new ContrastiveEncoder(config)})
     * @param manager the manager of the weights
     * @return the networks
     */
    public static ClelNetworks create(ModelConfig config, LatentEncoder encoder, NDManager manager) {
        return initialize(config, new EnergyModel(config), encoder, manager);
    }

    private static ClelNetworks initialize(ModelConfig config, EnergyModel ebm, LatentEncoder encoder, NDManager manager) {
        Shape input = new Shape(1, config.channels(), config.imageSize(), config.imageSize());
        ebm.initialize(manager, DataType.FLOAT32, input);
        encoder.initialize(manager, DataType.FLOAT32, input);
        return new ClelNetworks(config, ebm, encoder);
    }

    /** @return (C, H, W) of the networks' inputs */
    public Shape imageShape() {
        return new Shape(config.channels(), config.imageSize(), config.imageSize());
    }

    /**
     * Moves these networks (an EMA copy) towards {@code live}: w = decay * w + (1 - decay) * w_live; decay 0 copies.
     *
     * @param live  the trained networks
     * @param decay the EMA's decay in [0, 1]
     */
    public void follow(ClelNetworks live, double decay) {
        ExponentialMovingAverage.update(ebm, live.ebm(), decay);
        ExponentialMovingAverage.update(encoder, live.encoder(), decay);
    }
}
