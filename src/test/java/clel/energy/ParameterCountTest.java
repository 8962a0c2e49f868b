package clel.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import clel.config.EnergySize;
import clel.config.ModelConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParameterCountTest {

    /** Paper Table 3: parameters of f and g together (power-iteration vectors excluded). */
    @ParameterizedTest
    @CsvSource({"SMALL,1725056", "BASE,6955648", "BASE_MULTISCALE,19289728", "LARGE,30706816"})
    void matchesPaperTable3(EnergySize size, long expected) {
        EnergyModel model = new EnergyModel(ModelConfig.paper(size));
        try (NDManager m = NDManager.newBaseManager()) {
            model.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertEquals(expected, model.trainableParameterCount());
        }
    }
}
