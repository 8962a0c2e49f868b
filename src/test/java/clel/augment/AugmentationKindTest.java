package clel.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AugmentationKindTest {

    @Test
    void parsesNamesInAnyCase() {
        assertEquals(AugmentationKind.STRONG, AugmentationKind.fromName("strong"));
        assertEquals(AugmentationKind.STRONG, AugmentationKind.fromName("STRONG"));
        assertEquals(AugmentationKind.WEAK, AugmentationKind.fromName("Weak"));
        assertEquals(AugmentationKind.NONE, AugmentationKind.fromName(" none "));
        assertEquals("weak", AugmentationKind.WEAK.configName());
    }

    @Test
    void rejectsUnknownNamesListingChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AugmentationKind.fromName("medium"));
        assertTrue(e.getMessage().contains("'medium'"), e.getMessage());
        assertTrue(e.getMessage().contains("strong, weak, none"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AugmentationKind.fromName(null));
        assertThrows(IllegalArgumentException.class, () -> AugmentationKind.fromName(""));
    }
}
