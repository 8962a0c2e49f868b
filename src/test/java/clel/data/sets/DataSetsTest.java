package clel.data.sets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.format.ChannelStats;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataSetsTest {
    @Test
    void parsesConfigNamesAndAliases() {
        assertInstanceOf(Cifar10.class, DataSets.parse("CIFAR-10"));
        assertInstanceOf(FashionMnist.class, DataSets.parse("fashion-mnist"));
        assertInstanceOf(FashionMnist.class, DataSets.parse("fashion_mnist"));
        assertInstanceOf(FashionMnist.class, DataSets.parse("fmnist"));
        assertInstanceOf(Textures.class, DataSets.parse("dtd"));
        assertInstanceOf(Cifar10InterpolationSet.class, DataSets.parse("cifar10_interp"));
        assertInstanceOf(Cifar10InterpolationSet.class, DataSets.parse("cifar10_interpolation"));
        assertInstanceOf(ImageFolder.class, DataSets.parse("ImageFolder"));
        assertInstanceOf(ImageFolder.class, DataSets.parse("folder"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSets.parse("lsun"));
        assertTrue(e.getMessage().contains("unknown data set name 'lsun'"), e.getMessage());
        assertTrue(e.getMessage().contains("expected one of [cifar10, cifar100, svhn, mnist, fashion_mnist"),
                e.getMessage());
        assertTrue(DataSets.find("lsun").isEmpty());
    }

    @Test
    void everyNameAndAliasLeadsToOneDataSet() {
        Map<String, DataSetDefinition> byKey = new HashMap<>();
        for (DataSetDefinition d : DataSets.all()) {
            assertSame(d, DataSets.parse(d.configName()), d.configName());
            assertNull(byKey.put(DataSets.key(d.configName()), d), "name taken twice: " + d.configName());
            for (String a : d.aliases()) {
                assertSame(d, DataSets.parse(a), a);
                assertNull(byKey.put(DataSets.key(a), d), "alias taken twice: " + a);
            }
        }
        assertEquals(DataSets.all().size(), DataSets.configNames().size());
    }

    @Test
    void publishedStatistics() {
        assertArrayEquals(new float[] {0.4914f, 0.4822f, 0.4465f}, Cifar10.STATS.mean());
        assertArrayEquals(new float[] {0.2470f, 0.2435f, 0.2616f}, Cifar10.STATS.std());
        assertArrayEquals(Cifar10.STATS.mean(), new Cifar10InterpolationSet().publishedStats().orElseThrow().mean());
        for (DataSetDefinition d : DataSets.all()) {
            if (d.publishedStats().isPresent()) {
                ChannelStats s = d.publishedStats().get();
                assertEquals(d.channels(), s.mean().length, d.configName());
                assertEquals(d.channels(), s.std().length, d.configName());
            }
        }
        assertFalse(new CelebA().publishedStats().isPresent());
        assertTrue(new Textures().publishedStats().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ChannelStats.published(new float[] {0.5f}, new float[] {0f}));
        assertThrows(IllegalArgumentException.class,
                () -> ChannelStats.published(new float[] {0.5f}, new float[] {0.2f, 0.2f}));
    }
}
