package clel.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint file is untrusted: its entries are bounded by kind and by what their reader expects. */
class CheckpointReadingTest {
    private static final byte[] WEIGHTS = new byte[1000];

    private static Path small(Path dir) throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put(Checkpoint.META, "format_version=1\niteration=3\n".getBytes(StandardCharsets.UTF_8));
        e.put(Checkpoint.CONFIG, "seed: 1\n".getBytes(StandardCharsets.UTF_8));
        e.put("ebm.params", WEIGHTS);
        e.put("replay_buffer.bin", new byte[] {1, 2, 3});
        Files.createDirectories(dir);
        Path file = dir.resolve("small.ckpt");
        new Checkpoint(e).write(file);
        return file;
    }

    private static String message(Path file, ThrowingRead read) {
        IOException e = assertThrows(IOException.class, read::run);
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private interface ThrowingRead {
        void run() throws IOException;
    }

    @Test
    void anEntryDeclaringMoreThanItsKindMayHoldIsRefusedWhenTheFileIsOpened(@TempDir Path dir) throws IOException {
        Path file = small(dir);
        CraftedFiles.declare(file, "replay_buffer.bin", 2_684_354_560L);
        assertEquals(file + ": entry replay_buffer.bin declares 2684354560 bytes, more than an entry of its kind may hold "
                + "(2147483639); damaged or crafted", message(file, () -> Checkpoint.read(file)));
        Path meta = small(dir.resolve("meta"));
        CraftedFiles.declare(meta, Checkpoint.META, 1 << 20);
        assertTrue(message(meta, () -> Checkpoint.read(meta)).contains("may hold (65536)"));
    }

    @Test
    void aStateEntryIsInflatedOnlyWhenAskedForAndOnlyToTheSizeItsReaderExpects(@TempDir Path dir) throws IOException {
        Path file = CraftedFiles.withBomb(small(dir), dir.resolve("bomb.ckpt"), "replay_buffer.bin", 64L << 20, 64L << 20);
        Checkpoint c = Checkpoint.read(file);
        assertEquals(3, c.meta(file).iteration(), "the small entries are read; the bomb is not touched");
        assertArrayEquals(WEIGHTS, c.require("ebm.params", file, WEIGHTS.length));
        assertEquals(file + ": entry replay_buffer.bin declares 67108864 bytes, more than the 3 expected (damaged, "
                + "crafted, or not written for this model)", message(file, () -> c.require("replay_buffer.bin", file, 3)));
        assertTrue(message(file, () -> c.require("ebm.params", file, WEIGHTS.length - 1)).contains("more than the 999 "
                + "expected"));
    }

    @Test
    void aZipBombLyingAboutItsSizeStopsAtTheDeclaredSize(@TempDir Path dir) throws IOException {
        Path file = CraftedFiles.withBomb(small(dir), dir.resolve("liar.ckpt"), "ebm.params", 256L << 20, WEIGHTS.length);
        Checkpoint c = Checkpoint.read(file);
        assertEquals(file + ": entry ebm.params inflates to more than the 1000 bytes it declares (damaged or crafted)",
                message(file, () -> c.require("ebm.params", file, WEIGHTS.length)));
    }

    @Test
    void entriesClelDoesNotWriteAreRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("odd.ckpt");
        new Checkpoint(Map.of(Checkpoint.META, new byte[0], "../../evil.sh", new byte[1])).write(file);
        assertEquals(file + ": not a clel checkpoint (unexpected entry '../../evil.sh')",
                message(file, () -> Checkpoint.read(file)));
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i <= CheckpointFile.MAX_ENTRIES; i++) {
            many.put("e" + i + ".params", new byte[0]);
        }
        Path crowded = dir.resolve("crowded.ckpt");
        new Checkpoint(many).write(crowded);
        assertEquals(crowded + ": not a clel checkpoint (more than 64 entries)",
                message(crowded, () -> Checkpoint.read(crowded)));
    }

    @Test
    void metaPropertiesMustNameAKnownFormatAndAPositionInRange(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.ckpt");
        assertEquals(f + ": checkpoint format version 99 is not supported (expected 1)",
                message(f, () -> meta(f, "format_version=99\niteration=3\n")));
        assertEquals(f + ": checkpoint format version (none) is not supported (expected 1)",
                message(f, () -> meta(f, "iteration=3\n")));
        assertEquals(f + " entry meta.properties: iteration 9223372036854775807 is out of range (0 to 2147483647)",
                message(f, () -> meta(f, "format_version=1\niteration=9223372036854775807\n")));
        assertEquals(f + " entry meta.properties: iteration -1 is out of range (0 to 2147483647)",
                message(f, () -> meta(f, "format_version=1\niteration=-1\n")));
        assertEquals(f + " entry meta.properties: iteration must be a whole number, got '1e9'",
                message(f, () -> meta(f, "format_version=1\niteration=1e9\n")));
        assertEquals(f + " entry meta.properties: best_value must be a number, got 'NaN'",
                message(f, () -> meta(f, "format_version=1\niteration=3\nbest_value=NaN\n")));
        assertEquals(f + ": not a training checkpoint (a file of kind 'classifier')",
                message(f, () -> meta(f, "kind=classifier\nformat_version=1\niteration=3\n")));
        assertEquals(new CheckpointMeta(2147483647L, 1.5),
                CheckpointMeta.parse("format_version=1\niteration=2147483647\nbest_value=1.5\n".getBytes(), f));
    }

    private static void meta(Path file, String text) throws IOException {
        CheckpointMeta.parse(text.getBytes(StandardCharsets.UTF_8), file);
    }

    @Test
    void aFileReplacedWhileItIsBeingReadIsRefused(@TempDir Path dir) throws IOException {
        Path file = small(dir);
        Checkpoint c = Checkpoint.read(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        assertEquals(file + ": the file changed while it was being read",
                message(file, () -> c.require("ebm.params", file, WEIGHTS.length)));
    }
}
