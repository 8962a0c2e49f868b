package clel.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.io.AtomicFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderRepairTest {

    private static String metric(long it) {
        return "{\"iteration\":" + it + ",\"loss\":0.5,\"loss_ebm\":0.25,\"seconds\":0.1000}";
    }

    @Test
    void linesPastTheResumedIterationAndAnUnfinishedLastLineAreRemoved(@TempDir Path run) throws IOException {
        // a crash after the checkpoint at 20: metrics up to 30, the line for 40 cut short mid-write
        Files.writeString(run.resolve("metrics.jsonl"), String.join("\n", metric(10), metric(20), metric(30))
                + "\n{\"iteration\":40,\"loss\":0.4");
        Files.writeString(run.resolve("eval.jsonl"), "{\"iteration\":20,\"metric\":\"fd\",\"value\":3.5,\"chains\":8}\n"
                + "{\"iteration\":30,\"metric\":\"fd\",\"value\":null,\"chains\":8}\n");

        List<LogTruncation> done = RunFolderRepair.dropLinesAfter(run, 20);

        assertEquals(List.of(new LogTruncation(run.resolve("metrics.jsonl"), 2, 1, true),
                new LogTruncation(run.resolve("eval.jsonl"), 1, 1, false)), done);
        assertEquals(metric(10) + "\n" + metric(20) + "\n", Files.readString(run.resolve("metrics.jsonl")));
        assertEquals("{\"iteration\":20,\"metric\":\"fd\",\"value\":3.5,\"chains\":8}\n", Files.readString(run.resolve("eval.jsonl")));
        assertEquals(List.of("eval.jsonl", "metrics.jsonl"), names(run), "the rewrite leaves no temporary file");
        // the resumed run appends its own lines for 30 and 40: each iteration appears once
        Files.writeString(run.resolve("metrics.jsonl"), metric(30) + "\n" + metric(40) + "\n", StandardOpenOption.APPEND);
        assertEquals(OptionalLong.of(40), RunFolderRepair.lastIteration(run.resolve("metrics.jsonl")));
        assertEquals(4, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    }

    @Test
    void aCompleteLastLineWithoutItsNewlineIsKeptAndOtherLinesAreLeftAlone(@TempDir Path run) throws IOException {
        Path log = run.resolve("metrics.jsonl");
        // a blank line and a damaged line in the middle are not the crash's doing: kept as they are
        Files.writeString(log, metric(10) + "\n\nnot json\n" + metric(20));
        List<LogTruncation> done = RunFolderRepair.dropLinesAfter(run, 20);
        assertEquals(List.of(new LogTruncation(log, 4, 0, false)), done);
        assertFalse(done.get(0).changed());
        assertEquals(metric(10) + "\n\nnot json\n" + metric(20) + "\n", Files.readString(log));
    }

    @Test
    void anIntactLogIsNotRewrittenAndMissingLogsAreFine(@TempDir Path run) throws IOException {
        assertEquals(List.of(), RunFolderRepair.dropLinesAfter(run, 5));
        Path log = run.resolve("metrics.jsonl");
        Files.writeString(log, metric(1) + "\n" + metric(2) + "\n");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(log, old);
        assertEquals(List.of(new LogTruncation(log, 2, 0, false)), RunFolderRepair.dropLinesAfter(run, 2));
        assertEquals(old, Files.getLastModifiedTime(log));
        // starting over (iteration 0) empties it
        assertEquals(List.of(new LogTruncation(log, 0, 2, false)), RunFolderRepair.dropLinesAfter(run, 0));
        assertEquals("", Files.readString(log));
        assertEquals(OptionalLong.empty(), RunFolderRepair.lastIteration(log));
        assertEquals(OptionalLong.empty(), RunFolderRepair.lastIteration(run.resolve("none.jsonl")));
    }

    @Test
    void onlyCompleteObjectsWithAWholeIterationCount() {
        assertEquals(OptionalLong.of(7), RunFolderRepair.iterationOf(" {\"loss\": 1, \"iteration\": 7} "));
        for (String bad : List.of("{\"iteration\":7", "{\"iteration\":7}x", "{\"iteration\":1.5}", "{\"iteration\":-1}",
                "{\"iteration\":\"7\"}", "[7]", "", "{iteration: 7}")) {
            assertEquals(OptionalLong.empty(), RunFolderRepair.iterationOf(bad), bad);
        }
    }

    @Test
    void onlyTheTemporaryFilesClelWroteAreRemoved(@TempDir Path run) throws IOException {
        Files.createDirectories(run.resolve("samples"));
        Files.createDirectories(run.resolve("fd-cache"));
        List<String> stale = List.of(".last.ckpt.clel-1a2b3c4d5e.tmp", ".best.ckpt.clel-ff.tmp",
                ".metrics.jsonl.clel-0123456789abcdef.tmp", "samples/.buffer_000200.png.clel-9e8d.tmp",
                "fd-cache/.reference.npz.clel-77.tmp");
        // the user's own files, however named: without clel's marker, or in a folder clel does not write into
        List<String> kept = List.of("last.ckpt", "best.ckpt", "metrics.jsonl", ".hidden", "notes.tmp", ".last.ckpt.tmp",
                ".last.ckpt.xyz.tmp", "samples/buffer_000200.png", ".notes.1.tmp", ".last.ckpt.1a2b3c.tmp",
                "samples/.data.abc.tmp", "sub/.data.abc.tmp", "sub/.data.clel-abc.tmp", ".notes.clel-xyz.tmp");
        Files.createDirectories(run.resolve("sub"));
        for (String f : Stream.concat(stale.stream(), kept.stream()).toList()) {
            Files.writeString(run.resolve(f), "x");
        }
        // a name like a temporary file's but a folder is not touched
        Files.createDirectories(run.resolve(".dir.clel-ab.tmp"));

        List<Path> removed = RunFolderRepair.removeStaleTemporaries(run);

        assertEquals(stale.stream().map(run::resolve).sorted().toList(), removed);
        for (String f : stale) {
            assertFalse(Files.exists(run.resolve(f)), f);
        }
        for (String f : kept) {
            assertEquals("x", Files.readString(run.resolve(f)), f);
        }
        assertTrue(Files.isDirectory(run.resolve(".dir.clel-ab.tmp")));
        assertEquals(List.of(), RunFolderRepair.removeStaleTemporaries(run.resolve("missing")));
    }

    @Test
    void theTemporaryNamePatternMatchesWhatAtomicFileWriterCreates(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("last.ckpt");
        AtomicFileWriter.write(target, out -> {
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> temps = files.toList();
                assertEquals(1, temps.size());
                assertTrue(AtomicFileWriter.isTemporaryFile(temps.get(0)), temps.get(0).toString());
                assertTrue(temps.get(0).getFileName().toString().startsWith(".last.ckpt.clel-"), temps.get(0).toString());
            }
            out.write(1);
        });
        assertFalse(AtomicFileWriter.isTemporaryFile(target));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
