package clel.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.augment.AugmentationKind;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClassifierConfigTest {

    @Test
    void defaultsDependOnTarget() {
        ClassifierConfig c = ClassifierConfig.defaults(ClassifierTarget.CLASSES);
        assertEquals(AugmentationKind.WEAK, c.augmentation());
        assertEquals(ClassifierConfig.DEFAULT_WIDTH * 4, c.featureDim());
        // flips and shifts would corrupt position attributes such as left_half
        assertEquals(AugmentationKind.NONE, ClassifierConfig.defaults(ClassifierTarget.ATTRIBUTES).augmentation());
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void rejectsInvalidSettings() {
        var b = ClassifierConfig.builder(ClassifierTarget.CLASSES);
        assertThrows(IllegalArgumentException.class, () -> b.width(0).build());
        var e = assertThrows(IllegalArgumentException.class,
                () -> ClassifierConfig.builder(ClassifierTarget.CLASSES).lr(Double.NaN).build());
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassifierConfig.builder(ClassifierTarget.CLASSES).momentum(1).build());
        assertThrows(IllegalArgumentException.class, () -> ClassifierConfig.builder(ClassifierTarget.CLASSES).weightDecay(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ClassifierConfig.builder(ClassifierTarget.CLASSES).iterations(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> ClassifierConfig.builder(ClassifierTarget.CLASSES).augmentation(AugmentationKind.STRONG).build());
        assertEquals(ClassifierTarget.ATTRIBUTES, ClassifierTarget.fromName(" Attributes "));
        assertThrows(IllegalArgumentException.class, () -> ClassifierTarget.fromName("labels"));
    }

    @Test
    void metadataRoundTripsThroughProperties() throws IOException {
        ImageSet set = ShapesDataset.train(8, 3);
        ClassifierConfig c = ClassifierConfig.builder(ClassifierTarget.ATTRIBUTES).width(8).iterations(7).seed(-42)
                .lr(0.0123).build();
        ClassifierMetadata m = ClassifierMetadata.of(c, set, "shapes");
        ClassifierMetadata back = ClassifierMetadata.fromProperties(m.toProperties(), "test");
        assertEquals(c, back.config());
        assertEquals("shapes", back.dataName());
        assertEquals(ShapesDataset.CLASS_NAMES, back.classNames());
        assertEquals(ShapesDataset.ATTRIBUTE_NAMES, back.attributeNames());
        assertEquals(ShapesDataset.ATTRIBUTE_NAMES, back.outputNames());
        assertArrayEquals(set.mean(), back.mean());
        assertArrayEquals(set.std(), back.std());
        assertEquals(new Shape(3, 32, 32), back.imageShape());
    }

    @Test
    void badPropertiesNameTheKey() {
        ImageSet set = ShapesDataset.train(4, 3);
        Properties p = ClassifierMetadata.of(ClassifierConfig.defaults(ClassifierTarget.CLASSES), set, "shapes").toProperties();
        p.setProperty("width", "wide");
        var e = assertThrows(IOException.class, () -> ClassifierMetadata.fromProperties(p, "f.clf entry x"));
        assertEquals("f.clf entry x: key 'width' must be an integer, got 'wide'", e.getMessage());
        p.setProperty("width", "8");
        p.remove("class.3");
        e = assertThrows(IOException.class, () -> ClassifierMetadata.fromProperties(p, "f.clf"));
        assertEquals("f.clf: key 'class.3' is missing", e.getMessage());
        p.setProperty("class.3", "plus");
        p.setProperty("image_height", "30");
        e = assertThrows(IOException.class, () -> ClassifierMetadata.fromProperties(p, "f.clf"));
        assertTrue(e.getMessage().contains("multiples of 8"), e.getMessage());
    }

    @Test
    void attributeModeNeedsAttributes() {
        ImageSet noAttributes = new ImageSet("plain", 1, 8, 8, new byte[2 * 64], new int[] {0, 1},
                List.of("a", "b"), List.of(), new byte[0], new float[] {0.5f}, new float[] {0.2f});
        var e = assertThrows(IllegalArgumentException.class, () -> ClassifierTrainer.train(
                ClassifierConfig.builder(ClassifierTarget.ATTRIBUTES).batchSize(2).iterations(1).build(), noAttributes));
        assertEquals("plain: the data set has no binary attributes to predict", e.getMessage());
    }

    @Test
    void lossesMatchHandComputedValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {2f, 0f, -1f, 0f, 0f, 0f}, new Shape(2, 3));
            NDArray onehot = m.create(new float[] {1f, 0f, 0f, 0f, 0f, 1f}, new Shape(2, 3));
            double z = Math.exp(2) + 1 + Math.exp(-1);
            double ce = -(Math.log(Math.exp(2) / z) + Math.log(1.0 / 3.0)) / 2;
            assertEquals(ce, ClassifierTarget.CLASSES.loss(logits, onehot).getFloat(), 1e-6);
            NDArray y = m.create(new float[] {1f, 0f, 1f, 0f, 1f, 0f}, new Shape(2, 3));
            double bce = 0;
            float[] s = {2f, 0f, -1f, 0f, 0f, 0f};
            float[] t = {1f, 0f, 1f, 0f, 1f, 0f};
            for (int i = 0; i < 6; i++) {
                double p = 1 / (1 + Math.exp(-s[i]));
                bce -= t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p);
            }
            assertEquals(bce / 6, ClassifierTarget.ATTRIBUTES.loss(logits, y).getFloat(), 1e-6);
            assertArrayEquals(new float[] {(float) (Math.exp(2) / z), (float) (1 / z), (float) (Math.exp(-1) / z),
                    1 / 3f, 1 / 3f, 1 / 3f}, ClassifierTarget.CLASSES.probabilities(logits).toFloatArray(), 1e-6f);
            assertEquals(1 / (1 + Math.exp(-2)), ClassifierTarget.ATTRIBUTES.probabilities(logits).toFloatArray()[0], 1e-6);
        }
    }
}
