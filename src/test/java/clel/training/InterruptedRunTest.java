package clel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import clel.data.ShapesDataset;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run continued after its process died: what the dead process left in the run folder is repaired. */
class InterruptedRunTest {

    private static TrainingObserver recording(List<String> messages) {
        return new TrainingObserver() {
            @Override
            public void message(String message) {
                messages.add(message);
            }
        };
    }

    private static List<Long> iterations(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .map(l -> Long.parseLong(l.replaceAll("^\\{\"iteration\":(\\d+),.*$", "$1"))).toList();
    }

    @Test
    void resumingDropsLogLinesPastTheCheckpointAndRemovesStaleTemporaries(@TempDir Path dir) throws IOException {
        // the run as it was when the process died: metrics up to 3, a line cut short, last.ckpt from iteration 2,
        // and the temporary file of a checkpoint write that never finished
        Path run = dir.resolve("run");
        try (Trainer t = Trainer.start(clel.TestModels.microRun(run, "iterations=3", "log.keep_every=2"),
                ShapesDataset.train(32, 1), run, Device.cpu())) {
            TrainingLoop.standard(t, TrainingObserver.NONE).run();
        }
        Files.copy(run.resolve("ckpt-000002.ckpt"), run.resolve(RunFolder.LAST_CHECKPOINT), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(run.resolve("metrics.jsonl"), "{\"iteration\":4,\"loss\":0.1", StandardOpenOption.APPEND);
        Files.writeString(run.resolve(".last.ckpt.clel-18f3a2b4c5d.tmp"), "half a checkpoint");
        Files.writeString(run.resolve("samples/.buffer_000004.png.clel-2a.tmp"), "half a picture");
        assertEquals(List.of(1L, 2L, 3L), iterations(run.resolve("metrics.jsonl")).subList(0, 3));

        List<String> messages = new ArrayList<>();
        try (Trainer t = Trainer.resume(run.resolve(RunFolder.LAST_CHECKPOINT), ShapesDataset.train(32, 1), run,
                Device.cpu(), 4)) {
            assertEquals(2, t.iteration());
            TrainingLoop.standard(t, recording(messages)).run();
        }

        assertEquals(List.of(1L, 2L, 3L, 4L), iterations(run.resolve("metrics.jsonl")), "each iteration once, in order");
        assertFalse(Files.exists(run.resolve(".last.ckpt.clel-18f3a2b4c5d.tmp")));
        assertFalse(Files.exists(run.resolve("samples/.buffer_000004.png.clel-2a.tmp")));
        assertEquals(List.of("removed .last.ckpt.clel-18f3a2b4c5d.tmp, left behind by a write that was interrupted",
                "removed samples/.buffer_000004.png.clel-2a.tmp, left behind by a write that was interrupted",
                "metrics.jsonl: removed 1 line past iteration 2 (written after the checkpoint; they are written again) "
                        + "and an unfinished last line"), messages.subList(0, 3));
        assertEquals(4, Checkpoint.iterationOf(run.resolve(RunFolder.LAST_CHECKPOINT)));
    }

    @Test
    void theStateDigestIgnoresMetadataAndConfigurationButNothingElse(@TempDir Path dir) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(Checkpoint.META, "format_version=1\niteration=3\ncreated=2026-11-29T10:00:00Z\n".getBytes());
        entries.put(Checkpoint.CONFIG, "output_dir: runs/a\n".getBytes());
        entries.put("ebm.params", new byte[] {1, 2, 3});
        entries.put("replay_buffer.bin", new byte[] {4, 5});
        Checkpoint a = new Checkpoint(entries);
        entries.put(Checkpoint.META, "iteration=3\ncreated=2026-11-29T11:00:00Z\n".getBytes());
        entries.put(Checkpoint.CONFIG, "output_dir: runs/b\n".getBytes());
        Checkpoint b = new Checkpoint(entries);
        assertEquals(a.stateDigest(), b.stateDigest());
        assertEquals(64, a.stateDigest().length());
        entries.put("replay_buffer.bin", new byte[] {4, 6});
        assertNotEquals(a.stateDigest(), new Checkpoint(entries).stateDigest());
        // moving a byte from one entry to the next is a different state
        Map<String, byte[]> moved = new LinkedHashMap<>(entries);
        moved.put("ebm.params", new byte[] {1, 2});
        moved.put("replay_buffer.bin", new byte[] {3, 4, 6});
        assertNotEquals(new Checkpoint(entries).stateDigest(), new Checkpoint(moved).stateDigest());

        a.write(dir.resolve("a.ckpt"));
        assertEquals(3, Checkpoint.iterationOf(dir.resolve("a.ckpt")));
        assertEquals(dir.resolve("none.ckpt") + ": no such checkpoint file",
                assertThrows(IOException.class, () -> Checkpoint.iterationOf(dir.resolve("none.ckpt"))).getMessage());
        Files.writeString(dir.resolve("bad.ckpt"), "not a zip");
        assertTrue(assertThrows(IOException.class, () -> Checkpoint.iterationOf(dir.resolve("bad.ckpt"))).getMessage()
                .startsWith(dir.resolve("bad.ckpt") + ": not a readable clel checkpoint"));
    }
}
