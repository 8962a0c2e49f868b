package clel.training;

import clel.config.ClelConfig;
import clel.config.ModelConfig;
import clel.data.ImageSet;
import java.util.List;

/**
 * A configuration made to fit the data it trains on: the data's image shape is checked against model.channels and
 * model.image_size, and empty model.input_mean/input_std are filled with the data set's per-channel statistics (the
 * public code normalizes inside the network with its data set's values).
 */
public final class DataFittedConfig {
    private DataFittedConfig() {
    }

    /**
     * The configuration fitted to {@code data}.
     *
     * @param config a run's configuration
     * @param data   the images it trains on
     * @return {@code config} itself when it already has a normalization, else a copy with the data's mean and std
     * @throws IllegalArgumentException when the data's images (C, H, W) differ from the model's input
     */
    public static ClelConfig resolve(ClelConfig config, ImageSet data) {
        ModelConfig m = config.model();
        if (data.channels() != m.channels() || data.height() != m.imageSize() || data.width() != m.imageSize()) {
            throw new IllegalArgumentException("data set " + data.name() + " has " + data.channels() + "x" + data.height()
                    + "x" + data.width() + " images but the model expects " + m.channels() + "x" + m.imageSize() + "x"
                    + m.imageSize() + " (model.channels, model.image_size)");
        }
        if (m.hasNormalization()) {
            return config;
        }
        return config.withModel(m.withNormalization(toList(data.mean()), toList(data.std())));
    }

    private static List<Double> toList(float[] v) {
        Double[] d = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = (double) v[i];
        }
        return List.of(d);
    }
}
