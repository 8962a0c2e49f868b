package clel.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ByolObjectiveTest {
    @Test
    void targetDecayRisesFromTauToOneOnACosine() {
        assertEquals(0.996, ByolObjective.targetDecay(0.996, 0, 100), 1e-15);
        assertEquals(0.998, ByolObjective.targetDecay(0.996, 50, 100), 1e-15);
        assertEquals(1.0, ByolObjective.targetDecay(0.996, 100, 100), 1e-15);
        assertEquals(1 - 0.004 * (Math.cos(Math.PI / 4) + 1) / 2, ByolObjective.targetDecay(0.996, 25, 100), 1e-15);
    }
}
