package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProportionIntervalTest {
    @Test
    void wilsonIntervalsMatchHandComputedValues() {
        // 55 of 100: centre (0.55 + 1.92073/100) / 1.0384146 = 0.54816, half 1.96 * sqrt(0.002475 + 0.0000960) / 1.0384146
        ProportionInterval a = ProportionInterval.wilson95(55, 100);
        assertEquals(0.45245, a.low(), 5e-5);
        assertEquals(0.64385, a.high(), 5e-5);
        // 0 of 20: [0, z^2 / (n + z^2)] = [0, 3.8415 / 23.8415]
        ProportionInterval none = ProportionInterval.wilson95(0, 20);
        assertEquals(0, none.low(), 1e-15);
        assertEquals(3.841458820694124 / 23.841458820694124, none.high(), 1e-12);
        ProportionInterval all = ProportionInterval.wilson95(20, 20);
        assertEquals(20 / 23.841458820694124, all.low(), 1e-12);
        assertEquals(1, all.high(), 1e-15);
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProportionInterval.wilson95(3, 2));
        assertThrows(IllegalArgumentException.class, () -> ProportionInterval.wilson95(0, 0));
    }
}
