package clel.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import clel.config.ModelConfig;
import clel.encoder.ContrastiveEncoder;
import clel.encoder.LatentEncoder;
import clel.encoder.MaeEncoder;
import clel.energy.EnergyModel;
import clel.optim.ExponentialMovingAverage;

/**
 * The two networks of CLEL built from one {@link ModelConfig}: the EBM (f, g) and the latent encoder h (the ResNet-18
 * encoder, or the frozen MAE encoder + MLP when model.mae_encoder is set), initialized with the engine's current random
 * seed into the given manager.
 */
public record ClelNetworks(ModelConfig config, EnergyModel ebm, LatentEncoder encoder) {

    /**
     * Builds and initializes both networks.
     *
     * @param config  the model section of a configuration
     * @param manager the manager of the weights
     * @return the networks
     * @throws IllegalArgumentException (one line) when model.mae_encoder is missing, another file or not valid
     */
    public static ClelNetworks create(ModelConfig config, NDManager manager) {
        EnergyModel ebm = new EnergyModel(config);
        LatentEncoder encoder = config.hasMaeEncoder() ? MaeEncoder.load(config, manager) : new ContrastiveEncoder(config);
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
