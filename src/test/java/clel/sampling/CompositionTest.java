package clel.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompositionTest {

    @Test
    void tokensGiveSignedWeights() {
        Composition c = Composition.parse(List.of("red", "-large", "light_background=0.5", " top_half = -2 "));
        assertEquals(List.of("red", "large", "light_background", "top_half"), c.attributes());
        assertArrayEquals(new float[] {1f, 1f, 0.5f, 2f}, c.magnitudes());
        assertTrue(c.terms().get(0).present());
        assertFalse(c.terms().get(1).present());
        assertFalse(c.terms().get(3).present());
        assertEquals("red + not large + 0.5 x light_background + 2 x not top_half", c.describe());
        assertEquals(Composition.parse(List.of("large=-1")), Composition.parse(List.of("-large")));
        assertEquals(1e-3f, Composition.parse(List.of("red=1e-3")).terms().get(0).weight());
    }

    @Test
    void badTokensAreOneLineErrorsNamingTheToken() {
        String[][] cases = {
            {"red=", "'red='"}, {"red=abc", "'red=abc'"}, {"red=0", "'red=0'"}, {"=1", "'=1'"}, {"-", "'-'"},
            {"-large=0.5", "'-large=0.5'"}, {"red=NaN", "'red=NaN'"}, {"red=1e9", "'red=1e9'"}, {"re d", "'re d'"},
            {"red=0x1p3", "'red=0x1p3'"}, {"red=1f", "'red=1f'"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Composition.parse(List.of("large", c[0])), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Composition.parse(List.of("red", "-red")));
        assertTrue(twice.getMessage().contains("'red' is named twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Composition.parse(List.of()));
    }
}
