package clel.data.sets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.config.DataConfig;
import clel.data.DataSplit;
import clel.data.ImageSet;
import clel.data.download.DataDownloader;
import clel.data.download.DownloadException;
import clel.data.download.DownloadSource;
import clel.data.format.IdxLayout;
import clel.data.source.DataSources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kuzushiji-MNIST read from small generated IDX files in torchvision's layout (no download). */
class KuzushijiMnistTest {
    @TempDir
    Path root;

    /** Gray value of every pixel of image i: 255, 0, 51 (mean 102/255 = 0.4). */
    private static final int[] VALUES = {255, 0, 51};

    private void writeSplit(String prefix, int... labels) throws IOException {
        Path raw = Files.createDirectories(root.resolve("KMNIST/raw"));
        ByteBuffer img = ByteBuffer.allocate(16 + labels.length * 28 * 28);
        img.putInt(2051).putInt(labels.length).putInt(28).putInt(28);
        for (int i = 0; i < labels.length; i++) {
            for (int p = 0; p < 28 * 28; p++) {
                img.put((byte) VALUES[i]);
            }
        }
        ByteBuffer lab = ByteBuffer.allocate(8 + labels.length).putInt(2049).putInt(labels.length);
        for (int l : labels) {
            lab.put((byte) l);
        }
        Files.write(raw.resolve(prefix + "-images-idx3-ubyte.gz"), gzip(img.array()));
        Files.write(raw.resolve(prefix + "-labels-idx1-ubyte.gz"), gzip(lab.array()));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void namesAndDownloadEntriesFromTorchvision() {
        assertInstanceOf(KuzushijiMnist.class, DataSets.parse("kmnist"));
        assertInstanceOf(KuzushijiMnist.class, DataSets.parse("Kuzushiji-MNIST"));
        KuzushijiMnist k = new KuzushijiMnist();
        assertEquals(10, k.classes());
        assertEquals(List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"), k.classNames());
        assertTrue(k.publishedStats().isEmpty());
        assertEquals(List.of("train-images-idx3-ubyte.gz:bdb82020997e1d708af4cf47b453dcf7",
                "train-labels-idx1-ubyte.gz:e144d726b3acfaa3e44228e80efcd344"), entries(k.sources(DataSplit.TRAIN)));
        assertEquals(List.of("t10k-images-idx3-ubyte.gz:5c965bf0a639b31b8f53240b1b52f4d7",
                "t10k-labels-idx1-ubyte.gz:7320c461ea6c1c855c0b718fb2a4b134"), entries(k.sources(DataSplit.TEST)));
        assertEquals("https://codh.rois.ac.jp/kmnist/dataset/kmnist/t10k-images-idx3-ubyte.gz",
                k.sources(DataSplit.TEST).get(0).url().toString());
    }

    @Test
    void readsBothSplitsAsPadded32PixelRgbWithStatisticsFromTheImages() throws IOException {
        writeSplit("train", 9, 0, 3);
        writeSplit("t10k", 1, 2, 4);
        DataConfig config = new DataConfig("kmnist", root.toString(), 100, 100, 1, false, false);

        DataSources.Loaded loaded = DataSources.loadWithWarnings(config, true, 32);
        ImageSet train = loaded.images();

        assertEquals(List.of(), loaded.warnings());
        assertEquals("kmnist/train", train.name());
        assertEquals(3, train.count());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertArrayEquals(new int[] {9, 0, 3}, train.labels());
        assertEquals("wo", train.classNames().get(9));
        assertEquals(0, train.pixel(0, 1, 0, 0));        // padding
        assertEquals(255, train.pixel(0, 2, 2, 2));      // first original pixel
        assertEquals(51, train.pixel(2, 0, 29, 29));     // last original pixel
        // padded: a fraction f = 784/1024 of the pixels carry the values 255, 0, 51
        double f = 784.0 / 1024.0;
        double mean = f * 0.4;
        double std = Math.sqrt(f * (1.0 + 0.0 + 0.04) / 3 - mean * mean);
        assertEquals(0.30625, mean, 1e-9);
        for (int c = 0; c < 3; c++) {
            assertEquals(mean, train.mean()[c], 1e-6);
            assertEquals(std, train.std()[c], 1e-6);
        }
        assertArrayEquals(new int[] {1, 2, 4}, DataSources.load(config, false).labels());

        ImageSet gray = new KuzushijiMnist().read(root, DataSplit.TRAIN, IdxLayout.NATIVE_GRAY);
        assertEquals(1, gray.channels());
        assertEquals(0.4, gray.mean()[0], 1e-6);
        assertEquals(Math.sqrt(1.04 / 3 - 0.16), gray.std()[0], 1e-6);
    }

    @Test
    void missingFilesNameTheDownloadEntries() throws IOException {
        writeSplit("train", 0);
        Path empty = Files.createDirectories(root.resolve("empty"));
        KuzushijiMnist k = new KuzushijiMnist();

        assertEquals(List.of(), k.missing(root, List.of(DataSplit.TRAIN)));
        assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
                k.missing(root, List.of(DataSplit.TRAIN, DataSplit.TEST)));
        DownloadException e = assertThrows(DownloadException.class,
                () -> DataDownloader.standard().ensure(k, empty, DataSplit.TEST, false));
        assertTrue(e.getMessage().startsWith("kmnist: missing in " + empty + ": t10k-images-idx3-ubyte.gz "
                + "(https://codh.rois.ac.jp/kmnist/dataset/kmnist/t10k-images-idx3-ubyte.gz)"), e.getMessage());
    }

    private static List<String> entries(List<DownloadSource> sources) {
        return sources.stream().map(s -> s.fileName() + ":" + s.md5()).collect(Collectors.toList());
    }
}
