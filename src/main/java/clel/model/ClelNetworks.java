package clel.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import clel.config.ModelConfig;
import clel.encoder.ContrastiveEncoder;
import clel.energy.EnergyModel;

/**
 * The two networks of CLEL built from one {@link ModelConfig}: the EBM (f, g) and the latent encoder h,
 * initialized with the engine's current random seed into the given manager.
 */
public record ClelNetworks(ModelConfig config, EnergyModel ebm, ContrastiveEncoder encoder) {

    public static ClelNetworks create(ModelConfig config, NDManager manager) {
        EnergyModel ebm = new EnergyModel(config);
        ContrastiveEncoder encoder = new ContrastiveEncoder(config);
        Shape input = new Shape(1, config.channels(), config.imageSize(), config.imageSize());
        ebm.initialize(manager, DataType.FLOAT32, input);
        encoder.initialize(manager, DataType.FLOAT32, input);
        return new ClelNetworks(config, ebm, encoder);
    }

    public Shape imageShape() {
        return new Shape(config.channels(), config.imageSize(), config.imageSize());
    }
}
