package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.DataSplit;
import clel.data.ImageSet;
import clel.data.sets.Cifar10;
import clel.data.sets.Cifar100;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryReaderTest {
    @TempDir
    Path dir;

    private static final List<String> NAMES = List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9");

    /** Pixel value of (file f, record r, channel c, row y, column x) in the fixtures. */
    private static int value(int f, int r, int c, int y, int x) {
        return (f * 37 + r * 11 + c * 85 + y * 5 + x * 3) & 0xff;
    }

    /** A CIFAR-10 batch file: {@code records} records, label = (f + r) % 10. */
    private static byte[] batch10(int f, int records) {
        byte[] b = new byte[records * 3073];
        for (int r = 0; r < records; r++) {
            b[r * 3073] = (byte) ((f + r) % 10);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        b[r * 3073 + 1 + c * 1024 + y * 32 + x] = (byte) value(f, r, c, y, x);
                    }
                }
            }
        }
        return b;
    }

    /** A CIFAR-100 file: coarse = r % 20, fine = (3 r + 1) % 100. */
    private static byte[] batch100(int records) {
        byte[] b = new byte[records * 3074];
        for (int r = 0; r < records; r++) {
            b[r * 3074] = (byte) (r % 20);
            b[r * 3074 + 1] = (byte) ((3 * r + 1) % 100);
            for (int p = 0; p < 3072; p++) {
                b[r * 3074 + 2 + p] = (byte) value(9, r, p / 1024, (p / 32) % 32, p % 32);
            }
        }
        return b;
    }

    /** The CIFAR-10 release: batches 1..5 with 2 records each (f = 1..5), test batch with 3 (f = 0). */
    private static Map<String, byte[]> cifar10Files() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("batches.meta.txt", (String.join("\n", NAMES) + "\n\n").getBytes(StandardCharsets.UTF_8));
        for (int i = 5; i >= 1; i--) { // archive order differs from read order on purpose
            m.put("data_batch_" + i + ".bin", batch10(i, 2));
        }
        m.put("test_batch.bin", batch10(0, 3));
        return m;
    }

    private static void writeDir(Path d, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(d);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(d.resolve(e.getKey()), e.getValue());
        }
    }

    private static byte[] tarGz(String folder, Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(bytes);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            TarArchiveEntry d = new TarArchiveEntry(folder + "/");
            tar.putArchiveEntry(d);
            tar.closeArchiveEntry();
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                TarArchiveEntry t = new TarArchiveEntry(folder + "/" + e.getKey());
                t.setSize(e.getValue().length);
                tar.putArchiveEntry(t);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void checkCifar10Train(ImageSet s) {
        assertEquals(10, s.count());
        assertEquals(NAMES, s.classNames());
        // batch order 1..5, two records each
        assertArrayEquals(new int[] {1, 2, 2, 3, 3, 4, 4, 5, 5, 6}, s.labels());
        for (int i = 0; i < 10; i++) {
            int f = 1 + i / 2;
            int r = i % 2;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y += 3) {
                    for (int x = 0; x < 32; x++) {
                        assertEquals(value(f, r, c, y, x), s.pixel(i, c, y, x));
                    }
                }
            }
        }
        assertArrayEquals(new float[] {0.4914f, 0.4822f, 0.4465f}, s.mean());
        assertArrayEquals(new float[] {0.2470f, 0.2435f, 0.2616f}, s.std());
    }

    @Test
    void readsExtractedFolderAndParentFolder() throws IOException {
        writeDir(dir.resolve("cifar-10-batches-bin"), cifar10Files());
        checkCifar10Train(CifarBinaryReader.readCifar10(dir, DataSplit.TRAIN, Cifar10.STATS));
        checkCifar10Train(CifarBinaryReader.readCifar10(dir.resolve("cifar-10-batches-bin"), DataSplit.TRAIN, Cifar10.STATS));
        ImageSet test = CifarBinaryReader.readCifar10(dir, DataSplit.TEST, Cifar10.STATS);
        assertEquals(3, test.count());
        assertArrayEquals(new int[] {0, 1, 2}, test.labels());
        assertEquals(value(0, 2, 1, 31, 30), test.pixel(2, 1, 31, 30));
    }

    @Test
    void readsTarGzWithoutExtracting() throws IOException {
        Path archive = dir.resolve("cifar-10-binary.tar.gz");
        Files.write(archive, tarGz("cifar-10-batches-bin", cifar10Files()));
        checkCifar10Train(CifarBinaryReader.readCifar10(archive, DataSplit.TRAIN, Cifar10.STATS));
        checkCifar10Train(CifarBinaryReader.readCifar10(dir, DataSplit.TRAIN, Cifar10.STATS));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing extracted next to the archive");
        }
    }

    @Test
    void defaultNamesWithoutMetaFile() throws IOException {
        Map<String, byte[]> files = cifar10Files();
        files.remove("batches.meta.txt");
        writeDir(dir, files);
        assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                "truck"), CifarBinaryReader.readCifar10(dir, DataSplit.TEST, Cifar10.STATS).classNames());
    }

    @Test
    void readsCifar100FineAndCoarseFromFolderAndTarGz() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train.bin", batch100(4));
        files.put("test.bin", batch100(2));
        writeDir(dir.resolve("cifar-100-binary"), files);
        ImageSet fine = CifarBinaryReader.readCifar100(dir, DataSplit.TRAIN, CifarLabelKind.FINE, Cifar100.STATS);
        assertArrayEquals(new int[] {1, 4, 7, 10}, fine.labels());
        assertEquals(100, fine.classNames().size());
        assertEquals("aquarium_fish", fine.classNames().get(1));
        assertEquals(value(9, 3, 2, 17, 4), fine.pixel(3, 2, 17, 4));
        ImageSet coarse = CifarBinaryReader.readCifar100(dir, DataSplit.TRAIN, CifarLabelKind.COARSE, Cifar100.STATS);
        assertArrayEquals(new int[] {0, 1, 2, 3}, coarse.labels());
        assertEquals("vehicles_2", coarse.classNames().get(19));

        Path other = dir.resolve("archive");
        Files.createDirectories(other);
        files.put("fine_label_names.txt", String.join("\n", fineNames()).getBytes(StandardCharsets.UTF_8));
        Files.write(other.resolve("cifar-100-binary.tar.gz"), tarGz("cifar-100-binary", files));
        ImageSet test = CifarBinaryReader.readCifar100(other, DataSplit.TEST, CifarLabelKind.FINE, Cifar100.STATS);
        assertArrayEquals(new int[] {1, 4}, test.labels());
        assertEquals("n99", test.classNames().get(99));
        assertEquals(value(9, 1, 0, 0, 0), test.pixel(1, 0, 0, 0));
    }

    private static List<String> fineNames() {
        String[] n = new String[100];
        for (int i = 0; i < 100; i++) {
            n[i] = "n" + i;
        }
        return Arrays.asList(n);
    }

    @Test
    void truncatedFileNamesFileAndRecord() throws IOException {
        Map<String, byte[]> files = cifar10Files();
        files.put("data_batch_3.bin", Arrays.copyOf(batch10(3, 2), 3073 + 1000));
        writeDir(dir, files);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CifarBinaryReader.readCifar10(dir, DataSplit.TRAIN, Cifar10.STATS));
        assertEquals(dir.resolve("data_batch_3.bin") + ": 4073 bytes is not a whole number of 3073-byte records"
                + " (record 1 is truncated: 1000 of 3073 bytes)", e.getMessage());
    }

    @Test
    void wrongRecordSizeIsDetected() throws IOException {
        // a CIFAR-100 file (3074-byte records) where CIFAR-10 is expected
        writeDir(dir, Map.of("test_batch.bin", batch100(2)));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CifarBinaryReader.readCifar10(dir, DataSplit.TEST, Cifar10.STATS));
        assertTrue(e.getMessage().contains("test_batch.bin: 6148 bytes is not a whole number of 3073-byte records"),
                e.getMessage());
        // right size but a label byte out of range
        byte[] bad = batch10(0, 3);
        bad[2 * 3073] = (byte) 200;
        writeDir(dir, Map.of("test_batch.bin", bad));
        e = assertThrows(DataFormatException.class, () -> CifarBinaryReader.readCifar10(dir, DataSplit.TEST, Cifar10.STATS));
        assertTrue(e.getMessage().contains("test_batch.bin: record 2 has label 200"), e.getMessage());
    }

    @Test
    void truncatedArchiveNamesEntryAndRecord() throws IOException {
        byte[] full = tarGz("cifar-10-batches-bin", cifar10Files());
        // decompress-side truncation: cut the gzip stream in the middle of the data
        Path archive = dir.resolve("cifar-10-binary.tar.gz");
        Files.write(archive, Arrays.copyOf(full, full.length / 2));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CifarBinaryReader.readCifar10(archive, DataSplit.TRAIN, Cifar10.STATS));
        assertTrue(e.getMessage().startsWith(archive.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().matches(".*!cifar-10-batches-bin/data_batch_\\d\\.bin: truncated at record \\d.*"),
                e.getMessage());
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        Map<String, byte[]> files = cifar10Files();
        files.remove("data_batch_4.bin");
        writeDir(dir.resolve("cifar-10-batches-bin"), files);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CifarBinaryReader.readCifar10(dir, DataSplit.TRAIN, Cifar10.STATS));
        assertTrue(e.getMessage().endsWith("missing data file data_batch_4.bin"), e.getMessage());
        Files.write(dir.resolve("x.tar.gz"), tarGz("cifar-10-batches-bin", files));
        e = assertThrows(DataFormatException.class,
                () -> CifarBinaryReader.readCifar10(dir.resolve("x.tar.gz"), DataSplit.TRAIN, Cifar10.STATS));
        assertTrue(e.getMessage().endsWith("archive has no entry data_batch_4.bin"), e.getMessage());
    }
}
