package clel.cli;

import static clel.cli.ClelProcess.SMALL_HEAP;
import static clel.cli.ClelProcess.assertOneLineError;
import static clel.cli.ClelProcess.starts;
import static clel.cli.ClelProcess.trainOneIteration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.TestModels;
import clel.cli.ClelProcess.Outcome;
import clel.data.ImagePixelLimit;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that make the real commands fail end in one line (exit status 2) that names the file, whatever the failure:
 * a size too large to hold, the heap running out, a classifier that cannot be read; and the training supervisor does
 * not restart a failure that would repeat.
 */
class UntrustedFilesTest {

    /** An image folder data set, train/ and test/ with classes a and b, four 32 x 32 images each. */
    private static Path imageFolder(Path dir) throws IOException {
        Path images = dir.resolve("images");
        for (String split : List.of("train", "test")) {
            for (String c : List.of("a", "b")) {
                Path folder = Files.createDirectories(images.resolve(split).resolve(c));
                for (int i = 0; i < 4; i++) {
                    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                    ImageIO.write(img, "png", folder.resolve("s" + i + ".png").toFile());
                }
            }
        }
        return images;
    }

    /** {@code clel train tiny} on the micro model with {@code overrides}, supervised unless --max-restarts says. */
    private static Outcome train(Path dir, String heap, String... overrides) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "tiny"));
        args.addAll(TestModels.microOverrides(dir.resolve("run"), overrides));
        return ClelProcess.run(dir, heap, args.toArray(String[]::new));
    }

    @Test
    void aSizeTooLargeToHoldIsOneLineWithoutOverflow(@TempDir Path dir) throws Exception {
        Path images = imageFolder(dir);
        // 3 x 30000 x 30000 bytes per image: 2,700,000,000, which an int shows as -1,594,967,296
        Outcome o = train(dir, SMALL_HEAP, "data.name=folder", "data.root=" + images, "model.image_size=30000",
                "--max-restarts=0");
        String line = assertOneLineError(o, "model.image_size", "30000");
        assertFalse(line.contains("-1594967296"), line);
    }

    @Test
    void anOutOfMemoryErrorIsOneLineNamingWhatWasRead(@TempDir Path dir) throws Exception {
        // an MNIST-like IDX pair that really holds 80,000 images of 28 x 28 (63 MB), read with a heap of 48 MB
        Path data = Files.createDirectories(dir.resolve("mnist"));
        int count = 80_000;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(data.resolve("train-images-idx3-ubyte")))) {
            out.write(ByteBuffer.allocate(16).putInt(0x803).putInt(count).putInt(28).putInt(28).array());
            byte[] image = new byte[28 * 28];
            for (int i = 0; i < count; i++) {
                out.write(image);
            }
        }
        byte[] labels = ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count).array();
        Files.write(data.resolve("train-labels-idx1-ubyte"), labels);
        Outcome o = ClelProcess.run(dir, "48m", "train", "tiny", "data.name=mnist", "data.root=" + data,
                "model.channels=1", "-o", dir.resolve("run").toString(), "--max-restarts", "0");
        assertOneLineError(o, "out of memory", "while reading data set 'mnist' from " + data, "CLEL_HEAP");
    }

    @Test
    void aClassifierThatCannotBeReadIsRefusedBeforeSampling(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        trainOneIteration(run);
        Path bad = Files.writeString(dir.resolve("judge.clf"), "garbage");
        Outcome o = ClelProcess.run(dir, SMALL_HEAP, "sample", run.toString(), "--classifier", bad.toString(), "-o",
                dir.resolve("out").toString());
        assertOneLineError(o, bad.toString());
        assertFalse(o.err().contains("SGLD"), "no sampling before the check: " + o.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    void aTrainingImageTooLargeForTheHeapIsNotRestarted(@TempDir Path dir) throws Exception {
        Path images = imageFolder(dir);
        Path big = images.resolve("train/a/big.png");
        HugePng.write(big, 16_000, 16_000); // 256 MB once decoded, allowed by the largest data.max_image_pixels
        assertTrue(Files.size(big) < (2 << 20), "a small file: " + Files.size(big));
        Outcome o = train(dir, "200m", "data.name=folder", "data.root=" + images,
                "data.max_image_pixels=" + ImagePixelLimit.MAX_PIXELS_LIMIT);
        String log = Files.readString(dir.resolve("run/train.log"));
        assertTrue(o.code() != 0, o.err());
        assertTrue(log.contains("stopped: the training process died from out of memory (Java heap space)")
                && log.contains("not restarted: a restart would read the same files into the same heap"), log);
        assertFalse(log.contains("restart 1 of"), log);
        assertEquals(1, starts(log), "one start only: " + log);
        assertTrue(o.err().contains("not restarted"), o.err());
    }

    @Test
    void anImageThatDoesNotDecodeIsNotRestarted(@TempDir Path dir) throws Exception {
        Path images = imageFolder(dir);
        Path bad = Files.writeString(images.resolve("train/b/bad.png"), "not a png");
        Outcome o = train(dir, SMALL_HEAP, "data.name=folder", "data.root=" + images);
        assertOneLineError(o, bad.toString());
        String log = Files.readString(dir.resolve("run/train.log"));
        assertTrue(log.contains("stopped: the training process stopped with a one-line error (exit status 2"), log);
        assertTrue(log.contains("not restarted: a restart would meet the same failure"), log);
        assertEquals(1, starts(log), "one start only: " + log);
        assertTrue(o.err().contains("clel: the training process stopped with a one-line error"), o.err());
    }
}
