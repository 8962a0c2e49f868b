package clel.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClassSubsetTest {

    @Test
    void parsesIndicesAndRangesIntoOneCanonicalForm() {
        assertEquals(List.of(5, 6, 7, 8, 9), ClassSubset.parse("5-9", "x").classes());
        assertEquals(List.of(0, 2, 4), ClassSubset.parse(" 4, 0 ,2 ", "x").classes());
        assertEquals("0-2,7", ClassSubset.parse("7,0-2", "x").toString());
        assertTrue(ClassSubset.parse("", "x").isAll());
        assertTrue(ClassSubset.parse(null, "x").isAll());
    }

    @Test
    void mistakesNameWhereTheyAre() {
        for (String bad : List.of("a-b", "3-1", "-2", "1,,2", "1,1", "200000")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClassSubset.parse(bad, "data.classes"), bad);
            assertTrue(e.getMessage().startsWith("data.classes: "), e.getMessage());
        }
    }

    @Test
    void keepsExactlyTheImagesOfItsClassesWithTheirLabelsAndAttributes() {
        ImageSet shapes = ShapesDataset.train(200, 7);
        ImageSet two = ClassSubset.parse("1,3", "x").apply(shapes, "x");
        int[] expected = IntStream.range(0, shapes.count()).filter(i -> shapes.label(i) == 1 || shapes.label(i) == 3)
                .toArray();
        assertEquals(expected.length, two.count());
        assertEquals("shapes[1,3]", two.name());
        assertEquals(shapes.classNames(), two.classNames());
        assertEquals(shapes.attributeGroups(), two.attributeGroups());
        for (int k = 0; k < expected.length; k++) {
            int i = expected[k];
            assertEquals(shapes.label(i), two.label(k));
            assertEquals(shapes.attribute(i, ShapesDataset.ATTR_LARGE), two.attribute(k, ShapesDataset.ATTR_LARGE));
            byte[] a = new byte[shapes.imageBytes()];
            byte[] b = new byte[shapes.imageBytes()];
            System.arraycopy(shapes.pixels(), i * a.length, a, 0, a.length);
            System.arraycopy(two.pixels(), k * b.length, b, 0, b.length);
            assertArrayEquals(a, b);
        }
        assertSame(shapes, ClassSubset.ALL.apply(shapes, "x"));
        // class-conditional sampling and its judging condition on the classes a subset holds, not on every name
        assertEquals(List.of(1, 3), two.presentClasses());
        assertEquals(List.of(0, 1, 2, 3, 4), shapes.presentClasses());
    }

    @Test
    void aClassTheDataSetDoesNotHaveIsRefused() {
        ImageSet shapes = ShapesDataset.train(20, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassSubset.parse("3-5", "data.classes").apply(shapes, "data.classes"));
        assertEquals("data.classes: class 5 outside 0..4 of shapes (circle, square, triangle, plus, ring)", e.getMessage());
    }
}
