package clel.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The factors of a data set: class, attribute groups (one-hot or binary code) and single attributes. */
class FactorTest {

    @Test
    void theShapesFactorsAreShapeColourPositionSizeAndBackground() {
        ImageSet set = ShapesDataset.generate(200, 3);
        List<Factor> factors = Factor.of(set, 150);
        assertEquals(List.of("class", "colour", "position", "large", "light_background"),
                factors.stream().map(Factor::name).toList());
        for (Factor f : factors) {
            assertEquals(150, f.values().length);
        }
        Factor colour = factors.get(1);
        assertEquals(List.of("red", "green", "blue", "yellow", "magenta", "cyan"), colour.valueNames());
        Factor position = factors.get(2);
        assertEquals(4, position.valueNames().size());
        assertEquals("not left_half, top_half", position.valueNames().get(2));
        for (int i = 0; i < 150; i++) {
            ShapeSpec spec = ShapesDataset.describe(3, i);
            assertEquals(ShapesDataset.KINDS.indexOf(spec.kind()), factors.get(0).values()[i]);
            assertEquals(ShapesDataset.PALETTE.indexOf(spec.color()), colour.values()[i]);
            int code = (spec.centerX() < 16 ? 1 : 0) + (spec.centerY() < 16 ? 2 : 0);
            assertEquals(code, position.values()[i]);
            assertEquals(spec.large() ? 1 : 0, factors.get(3).values()[i]);
            assertEquals(spec.background().light() ? 1 : 0, factors.get(4).values()[i]);
        }
    }

    @Test
    void setsWithoutColourAttributesKeepTheirOtherGroups() {
        ImageSet unseen = ShapesDataset.generateOutOfDistribution(20, 1, OodKind.UNSEEN_COLORS);
        assertEquals(List.of("class", "position", "large", "light_background"),
                Factor.of(unseen, 20).stream().map(Factor::name).toList());
    }

    @Test
    void groupsMustNameAttributesOfTheSetOnce() {
        ImageSet set = ShapesDataset.generate(4, 1);
        assertThrows(IllegalArgumentException.class,
                () -> set.withAttributeGroups(List.of(new AttributeGroup("g", List.of("large", "purple")))));
        assertThrows(IllegalArgumentException.class, () -> set.withAttributeGroups(List.of(
                new AttributeGroup("a", List.of("large", "top_half")), new AttributeGroup("b", List.of("large", "red")))));
        assertThrows(IllegalArgumentException.class, () -> new AttributeGroup("one", List.of("large")));
    }
}
