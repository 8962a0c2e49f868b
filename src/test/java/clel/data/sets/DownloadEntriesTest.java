package clel.data.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.DataSplit;
import clel.data.download.DownloadSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The download entries of the registered data sets (what DownloadCatalog held before issue 13). */
class DownloadEntriesTest {

    /** All canonical files of a data set, both splits, without repeats. */
    private static List<DownloadSource> all(DataSetDefinition d) {
        List<DownloadSource> all = new ArrayList<>(d.sources(DataSplit.TRAIN));
        for (DownloadSource s : d.sources(DataSplit.TEST)) {
            if (!all.contains(s)) {
                all.add(s);
            }
        }
        return all;
    }

    @Test
    void everyEntryIsWellFormed() {
        for (DataSetDefinition n : DataSets.all()) {
            List<DownloadSource> all = all(n);
            Set<String> names = new HashSet<>();
            for (DownloadSource s : all) {
                assertTrue(s.md5().matches("[0-9a-f]{32}"), n.configName() + ": " + s.md5());
                assertEquals("https", s.url().getScheme(), n.configName() + ": " + s.url());
                assertFalse(s.url().getHost().isBlank(), n.configName() + ": " + s.url());
                assertFalse(s.fileName().isBlank(), n.configName());
                assertTrue(s.url().getPath().endsWith("/" + s.fileName()), s.url() + " vs " + s.fileName());
                assertTrue(s.sizeBytes() == DownloadSource.UNKNOWN_SIZE || s.sizeBytes() > 0, s.toString());
                assertTrue(names.add(s.fileName()), n.configName() + ": duplicate " + s.fileName());
            }
            if (all.isEmpty()) {
                // no canonical download: the data set must say why, or be a generic folder
                assertTrue(!n.noDownloadReason().isEmpty() || n instanceof ImageFolder, n.configName());
            }
        }
    }

    @Test
    void entriesPerDataSet() {
        // cifar10, cifar10_interp, cifar100, textures: 1 each; svhn 2; mnist and fashion 4 each
        assertEquals(1, all(new Cifar10()).size());
        assertEquals(1, all(new Cifar10InterpolationSet()).size());
        assertEquals(1, all(new Cifar100()).size());
        assertEquals(1, all(new Textures()).size());
        assertEquals(2, all(new Svhn()).size());
        assertEquals(4, all(new Mnist()).size());
        assertEquals(4, all(new FashionMnist()).size());
        for (DataSplit sp : DataSplit.values()) {
            assertEquals(2, new Mnist().sources(sp).size(), sp.toString());
            assertEquals(1, new Svhn().sources(sp).size(), sp.toString());
        }
    }

    @Test
    void knownValues() {
        DownloadSource c10 = all(new Cifar10()).get(0);
        assertEquals("cifar-10-binary.tar.gz", c10.fileName());
        assertEquals("c32a1d4ab5d03f1284b67883e8d87530", c10.md5());
        assertEquals(170_052_171L, c10.sizeBytes());
        assertEquals(List.of(c10), all(new Cifar10InterpolationSet()));
        assertEquals("03b5dce01913d631647c71ecec9e9cb8", all(new Cifar100()).get(0).md5());

        assertEquals(List.of("test_32x32.mat"), names(new Svhn().sources(DataSplit.TEST)));
        assertEquals("eb5a983be6a315427106f1b164d9cef3", new Svhn().sources(DataSplit.TEST).get(0).md5());
        assertEquals(List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
                names(new Mnist().sources(DataSplit.TRAIN)));
        assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
                names(new FashionMnist().sources(DataSplit.TEST)));
        assertEquals("bb300cfdad3c16e7a12a480ee83cd310", new FashionMnist().sources(DataSplit.TEST).get(1).md5());
        assertEquals("f68b3c2dcbeaaa9fbdd348bbdeb94873", new Mnist().sources(DataSplit.TRAIN).get(0).md5());
        assertEquals("fff73e5086ae6bdbea199a49dfb8a4c1", all(new Textures()).get(0).md5());

        assertTrue(all(new CelebA()).isEmpty());
        assertTrue(all(new ImageNet32()).isEmpty());
        assertTrue(all(new ImageFolder()).isEmpty());
    }

    private static List<String> names(List<DownloadSource> sources) {
        return sources.stream().map(DownloadSource::fileName).collect(Collectors.toList());
    }
}
