package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import clel.data.ChildJvm;
import clel.data.DataSplit;
import clel.data.sets.Cifar10;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR archives and folders whose sizes lie: refused before the declared size is allocated, files unchanged. */
class CifarHeaderLiesTest {
    @TempDir
    Path tmp;

    /** A .tar.gz of one entry whose header declares {@code declared} bytes, followed by only {@code present} bytes. */
    private static byte[] lyingArchive(String name, long declared, int present) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(declared);
        byte[] header = new byte[512];
        e.writeEntryHeader(header);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(out)) {
            gz.write(header);
            gz.write(new byte[present]);
        }
        return out.toByteArray();
    }

    @Test
    void anEntryDeclaringTwoGigabytesIsRefusedInASmallHeap() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cifar"));
        Path archive = dir.resolve(CifarBinaryReader.CIFAR10_ARCHIVE);
        Files.write(archive, lyingArchive("cifar-10-batches-bin/data_batch_1.bin", 2_000_000_000L, 2 * 3073));
        Map<String, String> before = ChildJvm.snapshot(dir);
        ChildJvm.Result r = ChildJvm.clel(Files.createDirectories(tmp.resolve("work")), "data", "inspect", "cifar10",
                dir.toString());
        r.assertOneLineError(archive + "!cifar-10-batches-bin/data_batch_1.bin: data file of 2000000000 bytes, more than"
                + " the 307300000 bytes of 100000 records allowed");
        assertEquals(before, ChildJvm.snapshot(dir));
    }

    @Test
    void anEntryDeclaringMoreThanTheArchiveHoldsIsReadOnlyAsFarAsTheDataGoes() throws IOException {
        // a plausible size (one official batch), but the archive ends after two records
        Path archive = tmp.resolve(CifarBinaryReader.CIFAR10_ARCHIVE);
        Files.write(archive, lyingArchive("cifar-10-batches-bin/test_batch.bin", 10_000 * 3073L, 2 * 3073));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CifarBinaryReader.readCifar10(archive, DataSplit.TEST, Cifar10.STATS));
        assertEquals(archive + "!cifar-10-batches-bin/test_batch.bin: truncated at record 2 (6146 bytes read)"
                + " (Truncated TAR archive)",
                e.getMessage());
    }

    @Test
    void oversizedFilesOfAnExtractedFolderAreRefusedBeforeTheyAreRead() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(CifarBinaryReader.CIFAR10_FOLDER));
        Path batch = dir.resolve("test_batch.bin");
        try (RandomAccessFile f = new RandomAccessFile(batch.toFile(), "rw")) {
            f.setLength(400_000_000L); // sparse: no disk space, but Files.readAllBytes would allocate it all
        }
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CifarBinaryReader.readCifar10(dir, DataSplit.TEST, Cifar10.STATS));
        assertEquals(batch + ": data file of 400000000 bytes, more than the 307300000 bytes of 100000 records allowed",
                e.getMessage());
        Files.write(batch, new byte[3073]);
        Path names = dir.resolve("batches.meta.txt");
        try (RandomAccessFile f = new RandomAccessFile(names.toFile(), "rw")) {
            f.setLength(2L << 20);
        }
        e = assertThrows(DataFormatException.class, () -> CifarBinaryReader.readCifar10(dir, DataSplit.TEST, Cifar10.STATS));
        assertEquals(names + ": class-names file of 2097152 bytes, more than the 1048576 bytes allowed", e.getMessage());
    }
}
