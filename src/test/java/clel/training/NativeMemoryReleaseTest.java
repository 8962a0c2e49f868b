package clel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import clel.config.ConfigException;
import clel.config.ConfigLoader;
import clel.data.ShapesDataset;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** log.trim_every: freed native memory goes back to the system, and memory.jsonl says how much. */
class NativeMemoryReleaseTest {

    @Test
    void trimReturnsFreedChunksThatFreeKeeps() {
        assumeTrue(NativeMemoryRelease.available(), "no glibc malloc_trim on this system");
        // 3,000 blocks of 64 KB (below glibc's mmap threshold, so they come from an arena), all touched; freeing all
        // but the last leaves about 190 MB free inside the arena, which free() does not return (the live last block
        // sits above it)
        int n = 3000;
        long size = 64 * 1024;
        long[] blocks = new long[n];
        for (int i = 0; i < n; i++) {
            blocks[i] = Native.malloc(size);
            new Pointer(blocks[i]).setMemory(0, size, (byte) 1);
        }
        for (int i = 0; i < n - 1; i++) {
            Native.free(blocks[i]);
        }
        long before = ResidentMemoryWriter.statusKb("VmRSS");
        assertTrue(NativeMemoryRelease.trim(), "malloc_trim released nothing");
        long after = ResidentMemoryWriter.statusKb("VmRSS");
        Native.free(blocks[n - 1]);
        assertTrue(before - after > 100 * 1024, "resident set fell by " + (before - after) / 1024 + " MB, expected > 100");
    }

    @Test
    void theRunWritesOneTrimLinePerDueIteration(@TempDir Path dir) throws IOException {
        assumeTrue(NativeMemoryRelease.available(), "no glibc malloc_trim on this system");
        Path run = dir.resolve("run");
        try (Trainer t = Trainer.start(clel.TestModels.microRun(run, "iterations=4", "log.trim_every=2"),
                ShapesDataset.train(32, 1), run, Device.cpu())) {
            TrainingLoop.standard(t, TrainingObserver.NONE).run();
        }
        List<String> trims = Files.readAllLines(run.resolve("memory.jsonl")).stream().filter(l -> l.contains("trim_ms"))
                .toList();
        assertEquals(2, trims.size(), String.join("\n", trims));
        assertTrue(trims.get(0).matches("\\{\"iteration\":2,\"trim_ms\":[0-9.]+,\"released_mb\":-?[0-9.]+}"), trims.get(0));
        assertTrue(trims.get(1).startsWith("{\"iteration\":4,"), trims.get(1));
    }

    @Test
    void trimmingChangesNoResultAndZeroTurnsItOff(@TempDir Path dir) throws IOException {
        Path never = dir.resolve("never");
        Path always = dir.resolve("always");
        for (Path run : List.of(never, always)) {
            try (Trainer t = Trainer.start(clel.TestModels.microRun(run, "iterations=4",
                    "log.trim_every=" + (run == never ? 0 : 1)), ShapesDataset.train(32, 1), run, Device.cpu())) {
                TrainingLoop.standard(t, TrainingObserver.NONE).run();
            }
        }
        assertTrue(Files.readAllLines(never.resolve("memory.jsonl")).stream().noneMatch(l -> l.contains("trim_ms")));
        assertEquals(NativeMemoryRelease.available() ? 4 : 0, Files.readAllLines(always.resolve("memory.jsonl")).stream()
                .filter(l -> l.contains("trim_ms")).count());
        // a trim every iteration leaves the trained state bit-identical (the digest skips only the metadata and config)
        assertEquals(Checkpoint.read(never.resolve(RunFolder.LAST_CHECKPOINT)).stateDigest(),
                Checkpoint.read(always.resolve(RunFolder.LAST_CHECKPOINT)).stateDigest());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load("tiny", List.of("log.trim_every=-1")));
        assertTrue(e.getMessage().contains("log.trim_every"), e.getMessage());
    }
}
