package clel.data.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import clel.data.ChildJvm;
import clel.data.InProcessClel;
import clel.data.format.DataFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DTD tarball whose entries declare more than the release can hold is refused before that much is written. */
class DtdArchiveTest {
    @TempDir
    Path root;
    @TempDir
    Path grid;

    @Test
    void anEntryDeclaringMoreThanAnImageIsRefusedByDataInspectAndNothingIsUnpacked() throws IOException {
        Path archive = root.resolve(Textures.ARCHIVE);
        TarArchiveEntry e = new TarArchiveEntry("dtd/images/banded/banded_0001.jpg");
        e.setSize(300L << 20);
        byte[] header = new byte[512];
        e.writeEntryHeader(header);
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(archive))) {
            out.write(header);
            out.write(new byte[4096]);
        }
        Map<String, String> before = ChildJvm.snapshot(root);
        ChildJvm.Result r = InProcessClel.run("data", "inspect", "textures", root.toString(), "--grid",
                grid.resolve("grid.png").toString());
        String message = archive + "!dtd/images/banded/banded_0001.jpg: entry declares 314572800 bytes, more than an"
                + " image may have (268435456)";
        r.assertOneLineError(message);
        assertEquals(message, r.errorMessage());
        assertEquals(before, ChildJvm.snapshot(root));
        assertOnlyTheArchiveIsLeft(archive);
    }

    @Test
    void imagesTakingMoreThanTheReleaseMayInAllAreRefusedAndNothingIsUnpacked() throws IOException {
        Path archive = root.resolve(Textures.ARCHIVE);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new GzipCompressorOutputStream(Files.newOutputStream(archive)))) {
            for (int i = 1; i <= 3; i++) {
                TarArchiveEntry e = new TarArchiveEntry("dtd/images/banded/banded_000" + i + ".jpg");
                e.setSize(1000);
                tar.putArchiveEntry(e);
                tar.write(new byte[1000]);
                tar.closeArchiveEntry();
            }
        }
        DataFormatException ex = assertThrows(DataFormatException.class,
                () -> DtdArchive.unpackImages(archive, root, 1000, 2500));
        assertEquals(archive + "!dtd/images/banded/banded_0003.jpg: the images unpacked so far would take 3000"
                + " bytes, more than the DTD release may (2500)", ex.getMessage());
        assertOnlyTheArchiveIsLeft(archive);
    }

    private void assertOnlyTheArchiveIsLeft(Path archive) throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(List.of(archive), files.toList());
        }
    }
}
