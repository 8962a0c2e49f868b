package clel.data.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server cannot make a download larger than the catalog says (or than a sane maximum), and the temporary file of
 * a killed download is deleted by the next download of the same file, and nothing else is.
 */
class DownloadLimitsTest {
    @TempDir
    Path tmp;

    private FixtureServer server;

    @BeforeEach
    void start() throws IOException {
        server = new FixtureServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aBodyLargerThanTheCatalogsSizeIsRefusedAndLeavesNothing() throws Exception {
        server.put("blob.bin", new byte[1_000_000]);
        DownloadSource src = new DownloadSource("blob.bin", "https://p.invalid/blob.bin", md5(new byte[1000]), 1000);
        Path dir = Files.createDirectories(tmp.resolve("d"));
        DownloadException e = assertThrows(DownloadException.class,
                () -> DataDownloader.builder().mirror(server.base()).build().fetch(src, dir));
        assertEquals("cannot download " + server.base() + "blob.bin (the server announces 1000000 bytes, more than the"
                + " 1000 bytes allowed (the size of blob.bin in the catalog)); download discarded; put blob.bin into "
                + dir + " yourself", e.getMessage());
        assertEquals(List.of(), names(dir));
    }

    @Test
    void anEndlessBodyIsCutOffAtTheSizeOrTheLimitForUnknownSizes() throws Exception {
        server.putEndless("endless.bin");
        Path dir = Files.createDirectories(tmp.resolve("d"));
        DownloadSource known = new DownloadSource("endless.bin", "https://p.invalid/endless.bin", md5(new byte[1]), 100_000);
        DownloadException e = assertThrows(DownloadException.class,
                () -> DataDownloader.builder().mirror(server.base()).build().fetch(known, dir));
        assertTrue(e.getMessage().contains("(the server sent more than the 100000 bytes allowed (the size of endless.bin"
                + " in the catalog)); download discarded"), e.getMessage());
        DownloadSource unknown = new DownloadSource("endless.bin", "https://p.invalid/endless.bin", md5(new byte[1]));
        e = assertThrows(DownloadException.class,
                () -> DataDownloader.builder().mirror(server.base()).maxUnknownSize(300_000).build().fetch(unknown, dir));
        assertTrue(e.getMessage().contains("(the server sent more than the 300000 bytes allowed (the most fetched for a"
                + " file of unknown size))"), e.getMessage());
        assertEquals(List.of(), names(dir));
        assertThrows(IllegalArgumentException.class, () -> DataDownloader.builder().maxUnknownSize(0));
    }

    @Test
    void theNextDownloadDeletesWhatAKilledOneLeftAndNothingElse() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(dir.resolve("keep.txt"), "the user's");
        for (String name : List.of(".data.bin.1.part", ".clel-download.data.bin.notes.part",
                ".clel-download.other.bin.1.part", "data.bin.part")) {
            Files.writeString(dir.resolve(name), "the user's");
        }
        Files.createSymbolicLink(dir.resolve(".clel-download.data.bin.7.part"), dir.resolve("keep.txt"));
        Map<String, String> users = ChildJvm.snapshot(dir);

        // a download in another process, killed while it writes
        server.putEndless("data.bin");
        byte[] body = "the data".getBytes();
        Process child = ChildJvm.start(work, List.of(FetchMain.class.getName(), server.base().toString(), dir.toString(),
                "data.bin", md5(body)));
        Path part;
        try {
            part = awaitPart(dir, "data.bin", child);
            PartFiles.deleteStale(dir, "data.bin"); // locked by the running download: kept
            assertTrue(Files.exists(part));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(1, TimeUnit.MINUTES));
        }
        assertTrue(Files.size(part) > 0);

        server.stopEndless("data.bin");
        server.put("data.bin", body);
        Path got = DataDownloader.builder().mirror(server.base()).build()
                .fetch(new DownloadSource("data.bin", "https://p.invalid/data.bin", md5(body)), dir);
        assertEquals(dir.resolve("data.bin"), got);
        Map<String, String> expected = new TreeMap<>(users);
        expected.put("data.bin", ChildJvm.snapshot(dir).get("data.bin"));
        assertEquals(expected, ChildJvm.snapshot(dir));
    }

    @Test
    void aDownloadInProgressInThisJvmKeepsItsFile() throws Exception {
        server.putEndless("slow.bin");
        Path dir = Files.createDirectories(tmp.resolve("d"));
        DataDownloader d = DataDownloader.builder().mirror(server.base()).totalTimeout(Duration.ofSeconds(3)).build();
        CompletableFuture<Void> download = CompletableFuture.runAsync(() -> assertThrows(DownloadException.class,
                () -> d.fetch(new DownloadSource("slow.bin", "https://p.invalid/slow.bin", md5(new byte[1])), dir)));
        Path part = awaitPart(dir, "slow.bin", null);
        PartFiles.deleteStale(dir, "slow.bin");
        assertTrue(Files.exists(part));
        download.get(1, TimeUnit.MINUTES);
        assertEquals(List.of(), names(dir));
    }

    /** The temporary file of the download of {@code name} once it holds data. */
    private static Path awaitPart(Path dir, String name, Process writer) throws Exception {
        String ours = Pattern.quote(PartFiles.PREFIX + name + ".") + "[0-9]+\\.part";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline && (writer == null || writer.isAlive())) {
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> parts = files.filter(p -> p.getFileName().toString().matches(ours)
                        && !Files.isSymbolicLink(p)).toList();
                if (parts.size() == 1 && Files.size(parts.get(0)) > 0) {
                    return parts.get(0);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no download in progress in " + dir + ": " + names(dir));
    }
}
