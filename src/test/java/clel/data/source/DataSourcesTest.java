package clel.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.config.ConfigException;
import clel.config.DataConfig;
import clel.data.ImageSet;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {

    private static DataConfig config(String name, String root) {
        return new DataConfig(name, root, 100, 50, 2, false, false);
    }

    @Test
    void builtInShapesAndTheirOodVariants() throws IOException {
        assertEquals(100, DataSources.load(config("shapes", ""), true).count());
        assertEquals(50, DataSources.load(config("shapes", ""), false).count());
        assertEquals(30, DataSources.named("shapes-noise", 32, 30, 1).count());
        assertEquals(30, DataSources.named("shapes_unseen_colors", 32, 30, 1).count());
        assertTrue(DataSources.named("shapes-unseen-shapes", 32, 30, 1).name().contains("unseen"));
    }

    /** A class subset in data.classes and in NAME[CLASSES] on the command line: the semantic OOD split's two halves. */
    @Test
    void classSubsetsSplitOneDataSetIntoDisjointHalves() throws IOException {
        ImageSet in = DataSources.named("shapes[0-2]", 32, 300, 1);
        ImageSet out = DataSources.named("shapes[3,4]", 32, 300, 1);
        ImageSet all = DataSources.named("shapes", 32, 300, 1);
        assertEquals(all.count(), in.count() + out.count());
        for (int i = 0; i < in.count(); i++) {
            assertTrue(in.label(i) <= 2);
        }
        for (int i = 0; i < out.count(); i++) {
            assertTrue(out.label(i) >= 3);
        }
        ImageSet train = DataSources.load(new DataConfig("shapes", "", 300, 50, 2, false, false, 16777216, "3-4"), true);
        assertEquals(out.count() > 0, train.count() > 0);
        for (int i = 0; i < train.count(); i++) {
            assertTrue(train.label(i) >= 3);
        }
        ConfigException tooMany = assertThrows(ConfigException.class,
                () -> DataSources.load(new DataConfig("shapes", "", 30, 5, 1, false, false, 16777216, "4-6"), true));
        assertTrue(tooMany.getMessage().startsWith("data.classes: class 6 outside 0..4 of shapes"), tooMany.getMessage());
        assertThrows(ConfigException.class, () -> new DataConfig("shapes", "", 30, 5, 1, false, false, 16777216, "x"));
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                () -> DataSources.named("shapes[0-2", 32, 10, 1));
        assertTrue(open.getMessage().contains("NAME[CLASSES]"), open.getMessage());
    }

    @Test
    void mistakesAreClearOneLineErrors(@TempDir Path dir) {
        ConfigException unknown = assertThrows(ConfigException.class, () -> DataSources.load(config("imagenette", "x"), true));
        assertTrue(unknown.getMessage().startsWith("data.name: unknown data set 'imagenette'; valid: shapes, cifar10"),
                unknown.getMessage());
        ConfigException noRoot = assertThrows(ConfigException.class, () -> DataSources.load(config("cifar10", ""), true));
        assertTrue(noRoot.getMessage().contains("data.root"), noRoot.getMessage());
        // files missing and downloading off: where to put which files
        IOException missing = assertThrows(IOException.class, () -> DataSources.load(config("mnist", dir.toString()), true));
        assertTrue(missing.getMessage().contains("missing in " + dir) && missing.getMessage().contains("train-images-idx3-ubyte.gz"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("--download"), missing.getMessage());
        IllegalArgumentException spec = assertThrows(IllegalArgumentException.class, () -> DataSources.named("svhn", 32, 10, 1));
        assertTrue(spec.getMessage().contains("NAME=ROOT"), spec.getMessage());
    }

    @Test
    void fashionMnistAsThreeChannel32PixelImages() throws IOException {
        Path root = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(root.toFile().isDirectory(), "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        ImageSet test = DataSources.loadWithWarnings(config("fashion_mnist", root.toString()), false, 32).images();
        assertEquals(10000, test.count());
        assertEquals(3, test.channels());
        assertEquals(32, test.height());
    }
}
