package clel.data.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.format.DataSetName;
import clel.data.format.DataSplit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DownloadCatalogTest {

    @Test
    void everyEntryIsWellFormed() {
        int total = 0;
        for (DataSetName n : DataSetName.values()) {
            List<DownloadSource> all = DownloadCatalog.sources(n);
            Set<String> names = new HashSet<>();
            for (DownloadSource s : all) {
                assertTrue(s.md5().matches("[0-9a-f]{32}"), n + ": " + s.md5());
                assertEquals("https", s.url().getScheme(), n + ": " + s.url());
                assertFalse(s.url().getHost().isBlank(), n + ": " + s.url());
                assertFalse(s.fileName().isBlank(), n.toString());
                assertTrue(s.url().getPath().endsWith("/" + s.fileName()), s.url() + " vs " + s.fileName());
                assertTrue(s.sizeBytes() == DownloadSource.UNKNOWN_SIZE || s.sizeBytes() > 0, s.toString());
                assertTrue(names.add(s.fileName()), n + ": duplicate " + s.fileName());
                total++;
            }
            for (DataSplit sp : DataSplit.values()) {
                assertTrue(all.containsAll(DownloadCatalog.sources(n, sp)), n + " " + sp);
            }
        }
        // cifar10, cifar10_interp, cifar100, textures: 1 each; svhn 2; mnist and fashion 4 each
        assertEquals(1 + 1 + 1 + 1 + 2 + 4 + 4, total);
    }

    @Test
    void knownValues() {
        DownloadSource c10 = DownloadCatalog.sources(DataSetName.CIFAR10).get(0);
        assertEquals("cifar-10-binary.tar.gz", c10.fileName());
        assertEquals("c32a1d4ab5d03f1284b67883e8d87530", c10.md5());
        assertEquals(170_052_171L, c10.sizeBytes());
        assertEquals(List.of(c10), DownloadCatalog.sources(DataSetName.CIFAR10_INTERP));
        assertEquals("03b5dce01913d631647c71ecec9e9cb8", DownloadCatalog.sources(DataSetName.CIFAR100).get(0).md5());

        assertEquals(List.of("test_32x32.mat"), names(DownloadCatalog.sources(DataSetName.SVHN, DataSplit.TEST)));
        assertEquals("eb5a983be6a315427106f1b164d9cef3",
                DownloadCatalog.sources(DataSetName.SVHN, DataSplit.TEST).get(0).md5());
        assertEquals(List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
                names(DownloadCatalog.sources(DataSetName.MNIST, DataSplit.TRAIN)));
        assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
                names(DownloadCatalog.sources(DataSetName.FASHION_MNIST, DataSplit.TEST)));
        assertEquals("bb300cfdad3c16e7a12a480ee83cd310",
                DownloadCatalog.sources(DataSetName.FASHION_MNIST, DataSplit.TEST).get(1).md5());
        assertEquals("f68b3c2dcbeaaa9fbdd348bbdeb94873",
                DownloadCatalog.sources(DataSetName.MNIST, DataSplit.TRAIN).get(0).md5());
        assertEquals("fff73e5086ae6bdbea199a49dfb8a4c1", DownloadCatalog.sources(DataSetName.TEXTURES).get(0).md5());

        assertTrue(DownloadCatalog.sources(DataSetName.CELEBA).isEmpty());
        assertTrue(DownloadCatalog.sources(DataSetName.IMAGENET32).isEmpty());
        assertTrue(DownloadCatalog.sources(DataSetName.IMAGE_FOLDER).isEmpty());
    }

    @Test
    void sourceValidation() {
        assertEquals("0123456789abcdef0123456789abcdef",
                new DownloadSource("a.bin", "https://example.org/a.bin", "0123456789ABCDEF0123456789ABCDEF").md5());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DownloadSource("a.bin", "https://example.org/a.bin", "1234"));
        assertTrue(e.getMessage().contains("a.bin") && e.getMessage().contains("32 hex"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadSource("../a.bin", "https://example.org/a.bin", "0123456789abcdef0123456789abcdef"));
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadSource("a.bin", "ftp://example.org/a.bin", "0123456789abcdef0123456789abcdef"));
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadSource("", "https://example.org/a.bin", "0123456789abcdef0123456789abcdef"));
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadSource("a.bin", "https://example.org/a.bin", "0123456789abcdef0123456789abcdef", 0));
    }

    private static List<String> names(List<DownloadSource> sources) {
        return sources.stream().map(DownloadSource::fileName).collect(Collectors.toList());
    }
}
