package clel.data;

import clel.config.ConfigException;
import clel.config.DataConfig;
import java.io.IOException;

/** Loads the image set a {@link DataConfig} names, for training ({@code train = true}) or evaluation. */
public final class DataSources {
    /** Seed of the built-in shapes data set: the same images for every run. */
    public static final long SHAPES_SEED = 2023;

    private DataSources() {
    }

    public static ImageSet load(DataConfig config, boolean train) throws IOException {
        String name = config.name().trim().toLowerCase();
        if (name.equals(ShapesDataset.NAME)) {
            return train ? ShapesDataset.train(config.trainSize(), SHAPES_SEED)
                    : ShapesDataset.test(config.testSize(), SHAPES_SEED);
        }
        throw new ConfigException("data.name: unknown data set '" + config.name() + "'; valid: shapes");
    }
}
