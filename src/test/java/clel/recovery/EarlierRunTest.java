package clel.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlierRunTest {
    private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 30, 1, 2, 3);

    @Test
    void anEarlierRunsFilesMoveUnchangedIntoOneFolderAndTheCacheStays(@TempDir Path run) throws IOException {
        Files.writeString(run.resolve("metrics.jsonl"), "{\"iteration\":10}\n");
        Files.writeString(run.resolve("train.log"), "log\n");
        Files.writeString(run.resolve("last.ckpt"), "ckpt");
        Files.writeString(run.resolve("ckpt-000200.ckpt"), "kept");
        Files.createDirectories(run.resolve("samples"));
        Files.writeString(run.resolve("samples/buffer_000200.png"), "png");
        Files.createDirectories(run.resolve("fd-cache"));
        Files.writeString(run.resolve("fd-cache/ref.bin"), "stats");
        Files.writeString(run.resolve("notes.txt"), "the user's own file");

        Optional<Path> to = EarlierRun.setAside(run, NOW);

        assertEquals(Optional.of(run.resolve("earlier-20261130-010203")), to);
        Path moved = to.orElseThrow();
        assertEquals("{\"iteration\":10}\n", Files.readString(moved.resolve("metrics.jsonl")));
        assertEquals("ckpt", Files.readString(moved.resolve("last.ckpt")));
        assertEquals("kept", Files.readString(moved.resolve("ckpt-000200.ckpt")));
        assertEquals("png", Files.readString(moved.resolve("samples/buffer_000200.png")));
        assertEquals("log\n", Files.readString(moved.resolve("train.log")));
        assertEquals(List.of("earlier-20261130-010203", "fd-cache", "notes.txt"), names(run));
        assertTrue(EarlierRun.files(run).isEmpty(), "the folder is ready for a new run");
    }

    @Test
    void aFolderWithoutARunIsLeftAlone(@TempDir Path run) throws IOException {
        Files.createDirectories(run.resolve("fd-cache"));
        assertEquals(Optional.empty(), EarlierRun.setAside(run, NOW));
        assertEquals(Optional.empty(), EarlierRun.setAside(run.resolve("missing"), NOW));
        assertFalse(Files.exists(run.resolve("missing")));
        assertEquals(List.of("fd-cache"), names(run));
    }

    @Test
    void twoSetAsidesInTheSameSecondGetTwoFolders(@TempDir Path run) throws IOException {
        Files.writeString(run.resolve("metrics.jsonl"), "first\n");
        EarlierRun.setAside(run, NOW);
        Files.writeString(run.resolve("metrics.jsonl"), "second\n");
        Path second = EarlierRun.setAside(run, NOW).orElseThrow();
        assertEquals(run.resolve("earlier-20261130-010203-2"), second);
        assertEquals("first\n", Files.readString(run.resolve("earlier-20261130-010203/metrics.jsonl")));
        assertEquals("second\n", Files.readString(second.resolve("metrics.jsonl")));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
