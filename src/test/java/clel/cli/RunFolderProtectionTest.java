package clel.cli;

import static clel.cli.ClelProcess.SMALL_HEAP;
import static clel.cli.ClelProcess.assertOneLineError;
import static clel.cli.ClelProcess.trainOneIteration;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.cli.ClelProcess.Outcome;
import clel.run.Checkpoint;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run folders through the real commands: nothing of another run or of the user's is overwritten, cut or deleted, a
 * path that is not what it should be ends in one line, and the report shows only what is inside the run folder.
 */
class RunFolderProtectionTest {

    @Test
    void resumingIntoAnotherRunsFolderMovesThatRunAsideUnchanged(@TempDir Path dir) throws Exception {
        Path own = trainOneIteration(dir.resolve("a"));
        byte[] ownBefore = Files.readAllBytes(own);
        for (String restarts : new String[] {"3", "0"}) { // supervised, as users run it, and in this process
            Path other = dir.resolve("b" + restarts);
            Files.createDirectories(other);
            Files.writeString(other.resolve("last.ckpt"), "run b's checkpoint");
            Files.writeString(other.resolve("train.log"), "run b's log\n");
            Files.writeString(other.resolve("metrics.jsonl"), "{\"iteration\":7}\n");
            Outcome o = ClelProcess.run(dir, SMALL_HEAP, "train", "--resume", own.toString(), "-o", other.toString(),
                    "--iterations", "2", "--max-restarts", restarts);
            assertEquals(0, o.code(), o.err());
            assertTrue(o.err().contains(other + " held another run: its files were moved to "
                    + other.resolve("earlier-")), o.err());
            Path earlier;
            try (Stream<Path> s = Files.list(other)) {
                earlier = s.filter(p -> p.getFileName().toString().startsWith("earlier-")).findFirst().orElseThrow();
            }
            assertEquals("run b's checkpoint", Files.readString(earlier.resolve("last.ckpt")));
            assertEquals("run b's log\n", Files.readString(earlier.resolve("train.log")));
            assertEquals("{\"iteration\":7}\n", Files.readString(earlier.resolve("metrics.jsonl")));
            assertEquals(2, Checkpoint.iterationOf(other.resolve("last.ckpt")));
        }
        assertArrayEquals(ownBefore, Files.readAllBytes(own), "the resumed run's own checkpoint is untouched");
    }

    @Test
    void theCleanupDeletesOnlyClelsOwnTemporaryFiles(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Path ckpt = trainOneIteration(run);
        Files.createDirectories(run.resolve("sub"));
        Files.createDirectories(run.resolve("samples"));
        Path notes = Files.writeString(run.resolve(".notes.1.tmp"), "my notes");
        Path data = Files.writeString(run.resolve("sub/.data.abc.tmp"), "my data");
        Path inSamples = Files.writeString(run.resolve("samples/.grid.abc.tmp"), "my grid");
        Path stale = Files.writeString(run.resolve(".last.ckpt.clel-1a2b3c.tmp"), "half a checkpoint");
        Outcome o = ClelProcess.run(dir, SMALL_HEAP, "train", "--resume", ckpt.toString(), "--iterations", "2",
                "--max-restarts", "0");
        assertEquals(0, o.code(), o.err());
        assertEquals("my notes", Files.readString(notes));
        assertEquals("my data", Files.readString(data));
        assertEquals("my grid", Files.readString(inSamples));
        assertFalse(Files.exists(stale), "clel's own temporary file of an interrupted write is removed");
        assertTrue(Files.readString(run.resolve("train.log")).contains("removed " + stale.getFileName()),
                "and the log says so");
    }

    @Test
    void anOutputFolderThatIsARegularFileIsOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        for (String restarts : new String[] {"3", "0"}) {
            assertOneLineError(ClelProcess.run(dir, SMALL_HEAP, "train", "tiny", "-o", file.toString(),
                    "--max-restarts", restarts), file + ": is a regular file, so it cannot be a folder (the run folder, -o)");
        }
        assertEquals("not a folder", Files.readString(file));
    }

    @Test
    void aSymbolicLinkLoopIsOneLine(@TempDir Path dir) throws Exception {
        Path loop = dir.resolve("loop1");
        Files.createSymbolicLink(loop, dir.resolve("loop2"));
        Files.createSymbolicLink(dir.resolve("loop2"), loop);
        assertOneLineError(ClelProcess.run(dir, SMALL_HEAP, "sample", loop.toString()),
                loop + ": cannot be opened: a symbolic link loop");
        assertOneLineError(ClelProcess.run(dir, SMALL_HEAP, "train", "--resume", loop.toString()), loop
                + ": cannot be opened: a symbolic link loop (too many levels of symbolic links) (the checkpoint to "
                + "resume, --resume)");
        assertOneLineError(ClelProcess.run(dir, SMALL_HEAP, "train", "tiny", "-o", loop.resolve("run").toString()),
                loop + ": cannot be used as a folder: a symbolic link loop");
    }

    @Test
    void theReportShowsNoFileOutsideTheRunAndReadsAGiantLogLineInLittleMemory(@TempDir Path dir) throws Exception {
        Path r = Files.createDirectories(dir.resolve("r"));
        Files.writeString(r.resolve("config.yaml"), "seed: 1\n");
        Path secret = dir.resolve("secret.png");
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0x123456);
        ImageIO.write(image, "png", secret.toFile());
        Files.createDirectories(r.resolve("samples"));
        Files.createSymbolicLink(r.resolve("samples/data.png"), secret);
        int length = 200 << 20; // a line of 200 MB, in a heap of 64 MB
        byte[] line = new byte[length];
        Arrays.fill(line, (byte) 'a');
        Files.write(r.resolve("train.log"), line);
        Outcome o = ClelProcess.run(dir, "64m", "report", r.toString());
        assertEquals(0, o.code(), o.err());
        String page = Files.readString(r.resolve("report.html"));
        assertTrue(page.contains(" ... (" + (length - 4096) + " more characters)"), "the line is cut");
        assertTrue(page.contains("samples/data.png: a link to " + secret.toRealPath()
                + ", outside the run folder; not shown"), "a note instead of the file");
        assertFalse(page.contains(Base64.getEncoder().encodeToString(Files.readAllBytes(secret))),
                "the linked file's bytes are not in the page");
    }
}
