package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.TestModels;
import clel.config.ConfigException;
import clel.config.ConfigLoader;
import clel.config.DataConfig;
import clel.data.ChildJvm;
import clel.data.source.DataSources;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images whose header declares more pixels than data.max_image_pixels are refused from the header, before decoding:
 * a one-line error naming the file (or, with skip_bad_images, a skipped image and a warning).
 */
class ImagePixelLimitTest {
    @TempDir
    Path tmp;

    /** A PNG whose header declares width x height RGB pixels, with the compressed data of only one row. */
    static byte[] lyingPng(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        Deflater d = new Deflater();
        d.setInput(new byte[1 + 3 * Math.min(width, 1000)]);
        d.finish();
        byte[] z = new byte[4096];
        int n = d.deflate(z);
        d.end();
        chunk(out, "IDAT", Arrays.copyOf(z, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static void writeSmall(Path file, int side) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }

    /** A class folder per big image (20000 x 20000 declared), each with one small image beside it. */
    private Path folderWithBigImages(int count) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("folder"));
        for (int i = 0; i < count; i++) {
            Files.createDirectories(root.resolve("c" + i));
            Files.write(root.resolve("c" + i + "/big.png"), lyingPng(20000, 20000));
            writeSmall(root.resolve("c" + i + "/small.png"), 8);
        }
        return root;
    }

    @Test
    void aPngOf20000SquarePixelsIsRefusedFromItsHeaderInASmallHeap() throws Exception {
        Path root = folderWithBigImages(1);
        Map<String, String> before = ChildJvm.snapshot(root);
        ChildJvm.Result r = ChildJvm.clel(Files.createDirectories(tmp.resolve("work")), "data", "inspect", "folder",
                root.toString());
        r.assertOneLineError("cannot decode image " + root.resolve("c0/big.png") + ": image of 20000x20000 pixels"
                + " (400000000), more than the 16777216 allowed (data.max_image_pixels)");
        assertEquals(before, ChildJvm.snapshot(root));
    }

    @Test
    void threeOfThemInATrainingFolderEndTheTrainingWithOneLineAndNoRestart() throws Exception {
        Path root = folderWithBigImages(3);
        Path run = tmp.resolve("run");
        List<String> args = new ArrayList<>(List.of("train", "tiny"));
        args.addAll(TestModels.microOverrides(run, "data.name=folder", "data.root=" + root));
        ChildJvm.Result r = ChildJvm.clel(Files.createDirectories(tmp.resolve("work")), args.toArray(String[]::new));
        r.assertOneLineError("cannot decode image " + root.resolve("c0/big.png") + ": image of 20000x20000 pixels");
        assertFalse(r.err().contains("restart 1 of"), r.err());
        assertTrue(r.err().contains("not restarted: a restart would meet the same failure"), "says why: " + r.err());
        try (Stream<Path> files = Files.walk(tmp)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList());
        }
    }

    @Test
    void withSkipBadImagesTheyAreSkippedWithAWarning() throws IOException {
        Path root = folderWithBigImages(2);
        DataSources.Loaded loaded = DataSources.loadWithWarnings(
                new DataConfig("folder", root.toString(), 1, 1, 2, true, false), true, 8);
        assertEquals(2, loaded.images().count());
        assertEquals(List.of("skipped 2 undecodable or too large image(s), e.g. " + root.resolve("c0/big.png")
                + ": image of 20000x20000 pixels (400000000), more than the 16777216 allowed (data.max_image_pixels)"),
                loaded.warnings());
    }

    @Test
    void theLimitIsASettingAndAppliesInZipsToo() throws IOException {
        Path zip = tmp.resolve("set.zip");
        try (OutputStream f = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(f)) {
            for (String name : List.of("a/eight.png", "b/nine.png")) {
                z.putNextEntry(new ZipEntry(name));
                int side = name.contains("eight") ? 8 : 9;
                ImageIO.write(new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB), "png", z);
                z.closeEntry();
            }
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataSources.loadWithWarnings(
                new DataConfig("folder", zip.toString(), 1, 1, 1, false, false, 64, ""), true, 8));
        assertEquals("cannot decode image " + zip + "!b/nine.png: image of 9x9 pixels (81), more than the 64 allowed"
                + " (data.max_image_pixels)", e.getMessage());
        assertEquals(2, DataSources.loadWithWarnings(
                new DataConfig("folder", zip.toString(), 1, 1, 1, false, false, 81, ""), true, 8).images().count());
    }

    @Test
    void theSettingIsValidated() throws IOException {
        assertEquals(16777216, ConfigLoader.load("tiny", List.of()).data().maxImagePixels());
        assertEquals(1000, ConfigLoader.load("tiny", List.of("data.max_image_pixels=1000")).data().maxImagePixels());
        for (String bad : List.of("0", "-5", "268435457")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load("tiny", List.of("data.max_image_pixels=" + bad)));
            assertTrue(e.getMessage().contains("data.max_image_pixels"), e.getMessage());
        }
    }
}
