package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DataSetNameTest {
    @Test
    void parsesConfigNamesAndAliases() {
        assertEquals(DataSetName.CIFAR10, DataSetName.parse("CIFAR-10"));
        assertEquals(DataSetName.FASHION_MNIST, DataSetName.parse("fashion-mnist"));
        assertEquals(DataSetName.FASHION_MNIST, DataSetName.parse("fashion_mnist"));
        assertEquals(DataSetName.TEXTURES, DataSetName.parse("dtd"));
        assertEquals(DataSetName.CIFAR10_INTERP, DataSetName.parse("cifar10_interp"));
        assertEquals(DataSetName.IMAGE_FOLDER, DataSetName.parse("ImageFolder"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSetName.parse("lsun"));
        assertTrue(e.getMessage().contains("unknown data set name 'lsun'"), e.getMessage());
    }

    @Test
    void publishedStatistics() {
        assertArrayEquals(new float[] {0.4914f, 0.4822f, 0.4465f}, DataSetName.CIFAR10.mean());
        assertArrayEquals(new float[] {0.2470f, 0.2435f, 0.2616f}, DataSetName.CIFAR10.std());
        assertArrayEquals(DataSetName.CIFAR10.mean(), DataSetName.CIFAR10_INTERP.mean());
        for (DataSetName d : DataSetName.values()) {
            if (d.hasPublishedStats()) {
                assertEquals(d.channels(), d.mean().length, d.name());
                assertEquals(d.channels(), d.std().length, d.name());
            }
        }
        assertFalse(DataSetName.CELEBA.hasPublishedStats());
        assertThrows(IllegalStateException.class, DataSetName.TEXTURES::mean);
    }
}
