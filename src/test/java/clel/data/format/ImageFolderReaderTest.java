package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.DataSplit;
import clel.data.ImageSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
    @TempDir
    Path dir;

    /** RGB of pixel (x, y) of fixture image {@code id}. */
    static int[] rgb(int id, int x, int y) {
        return new int[] {(id * 40 + x * 7) & 0xff, (id * 13 + y * 5) & 0xff, (x * y + id) & 0xff};
    }

    static BufferedImage image(int id, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] c = rgb(id, x, y);
                img.setRGB(x, y, c[0] << 16 | c[1] << 8 | c[2]);
            }
        }
        return img;
    }

    static void png(Path file, BufferedImage img) throws IOException {
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, "png", file.toFile()));
    }

    /** train/{cat: 2 images (ids 1, 2), dog: 1 (id 3)}, test/{cat: 1 (id 4), dog: 1 (id 5)}, 8x8 PNGs. */
    private Path splitFixture(Path root) throws IOException {
        png(root.resolve("train/dog/a.png"), image(3, 8, 8));
        png(root.resolve("train/cat/b.png"), image(2, 8, 8));
        png(root.resolve("train/cat/a.png"), image(1, 8, 8));
        png(root.resolve("test/cat/x.PNG"), image(4, 8, 8));
        png(root.resolve("test/dog/y.png"), image(5, 8, 8));
        Files.writeString(root.resolve("train/cat/notes.txt"), "ignored");
        return root;
    }

    private static void assertImage(ImageSet s, int i, int id) {
        for (int y = 0; y < s.height(); y++) {
            for (int x = 0; x < s.width(); x++) {
                int[] c = rgb(id, x, y);
                for (int ch = 0; ch < 3; ch++) {
                    assertEquals(c[ch], s.pixel(i, ch, y, x), "image " + i + " c" + ch + " (" + x + "," + y + ")");
                }
            }
        }
    }

    @Test
    void readsSplitFoldersExactlyInSortedOrder() throws IOException {
        Path root = splitFixture(dir.resolve("set"));
        ImageFolderResult r = ImageFolderReader.builder(root).size(8, 8).cropMode(CropMode.NONE).threads(3).build().read();
        ImageSet s = r.images();
        assertEquals(3, s.count());
        assertEquals(List.of("cat", "dog"), s.classNames());
        assertArrayEquals(new int[] {0, 0, 1}, s.labels());
        assertImage(s, 0, 1);
        assertImage(s, 1, 2);
        assertImage(s, 2, 3);
        assertEquals(0, r.skippedCount());
        ImageSet t = ImageFolderReader.builder(root).split(DataSplit.TEST).size(8, 8).build().read().images();
        assertArrayEquals(new int[] {0, 1}, t.labels());
        assertImage(t, 0, 4);
        assertImage(t, 1, 5);
        assertEquals("set/test", t.name());
    }

    @Test
    void meanAndStdAreComputedFromTheImages() throws IOException {
        Path root = splitFixture(dir.resolve("set"));
        ImageSet s = ImageFolderReader.builder(root).size(8, 8).build().read().images();
        for (int ch = 0; ch < 3; ch++) {
            double sum = 0;
            double sq = 0;
            for (int id = 1; id <= 3; id++) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        double v = rgb(id, x, y)[ch] / 255.0;
                        sum += v;
                        sq += v * v;
                    }
                }
            }
            double m = sum / 192;
            assertEquals(m, s.mean()[ch], 1e-6);
            assertEquals(Math.sqrt(sq / 192 - m * m), s.std()[ch], 1e-6);
        }
    }

    @Test
    void readsZipWithWrapperFolder() throws IOException {
        Path root = splitFixture(dir.resolve("src"));
        Path zip = dir.resolve("set.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    out.putNextEntry(new ZipEntry("wrapper/" + root.relativize(p).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(p));
                    out.closeEntry();
                }
            }
            out.putNextEntry(new ZipEntry("__MACOSX/wrapper/train/._a.png"));
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
        }
        ImageSet s = ImageFolderReader.builder(zip).size(8, 8).cropMode(CropMode.NONE).build().read().images();
        assertArrayEquals(new int[] {0, 0, 1}, s.labels());
        assertImage(s, 0, 1);
        assertImage(s, 2, 3);
        ImageSet t = ImageFolderReader.builder(zip).split(DataSplit.TEST).size(8, 8).build().read().images();
        assertImage(t, 1, 5);
    }

    @Test
    void grayscalePngIsReplicatedWithoutColourConversion() throws IOException {
        BufferedImage g = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                g.getRaster().setSample(x, y, 0, 16 * (4 * y + x) + 3);
            }
        }
        png(dir.resolve("only/g.png"), g);
        ImageSet s = ImageFolderReader.builder(dir).size(4, 4).build().read().images();
        assertEquals(List.of("only"), s.classNames());
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(3, s.pixel(0, ch, 0, 0));
            assertEquals(16 * 6 + 3, s.pixel(0, ch, 1, 2));
            assertEquals(16 * 15 + 3, s.pixel(0, ch, 3, 3));
        }
        ImageSet one = ImageFolderReader.builder(dir).size(4, 4).channels(1).build().read().images();
        assertEquals(1, one.channels());
        assertEquals(16 * 6 + 3, one.pixel(0, 0, 1, 2));
    }

    @Test
    void resizeShorterSideThenCenterCropUsesAreaAveraging() throws IOException {
        // 12x8 (WxH) image made of 2x2 blocks; resize shorter side 8 -> 4 gives 6x4 block means, center crop 4x4
        // takes columns 1..4 of the 6 (offset rint((6 - 4) / 2) = 1)
        BufferedImage img = new BufferedImage(12, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 12; x++) {
                int v = ((x / 2) * 30 + (y / 2) * 5) + ((x + y) % 2 == 0 ? 1 : 0);
                img.setRGB(x, y, v << 16 | v << 8 | (255 - v));
            }
        }
        png(dir.resolve("c/i.png"), img);
        ImageSet s = ImageFolderReader.builder(dir).size(4, 4).build().read().images();
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                // block mean: base + (1 + 0 + 0 + 1) / 4 = base + 0.5 -> rounds half up
                int base = (x + 1) * 30 + y * 5;
                assertEquals(base + 1, s.pixel(0, 0, y, x), "(" + x + "," + y + ")");
                assertEquals(255 - base, s.pixel(0, 2, y, x), "(" + x + "," + y + ")"); // 255 - base - 0.5
            }
        }
    }

    @Test
    void centerAndRandomCrop() throws IOException {
        png(dir.resolve("c/i.png"), image(7, 10, 9));
        png(dir.resolve("c/j.png"), image(8, 10, 9));
        ImageSet center = ImageFolderReader.builder(dir).size(4, 4).cropMode(CropMode.CENTER_CROP).build().read().images();
        // offsets: top rint(5 / 2) = 2 (half to even), left rint(6 / 2) = 3
        assertEquals(rgb(7, 3, 2)[0], center.pixel(0, 0, 0, 0));
        assertEquals(rgb(7, 6, 5)[2], center.pixel(0, 2, 3, 3));
        ImageSet r1 = ImageFolderReader.builder(dir).size(4, 4).cropMode(CropMode.RANDOM_CROP).seed(5).threads(1)
                .build().read().images();
        ImageSet r2 = ImageFolderReader.builder(dir).size(4, 4).cropMode(CropMode.RANDOM_CROP).seed(5).threads(4)
                .build().read().images();
        assertArrayEquals(r1.pixels(), r2.pixels(), "random crop does not depend on the thread count");
        // each random crop is some 4x4 window of its source
        for (int i = 0; i < 2; i++) {
            boolean found = false;
            for (int top = 0; top <= 5 && !found; top++) {
                for (int left = 0; left <= 6 && !found; left++) {
                    boolean all = true;
                    for (int y = 0; y < 4 && all; y++) {
                        for (int x = 0; x < 4 && all; x++) {
                            all = r1.pixel(i, 1, y, x) == rgb(7 + i, left + x, top + y)[1]
                                    && r1.pixel(i, 0, y, x) == rgb(7 + i, left + x, top + y)[0]
                                    && r1.pixel(i, 2, y, x) == rgb(7 + i, left + x, top + y)[2];
                        }
                    }
                    found = all;
                }
            }
            assertTrue(found, "random crop " + i + " is a window of its image");
        }
    }

    @Test
    void wrongSizeWithoutResizeIsAnErrorNamingTheFile() throws IOException {
        png(dir.resolve("c/i.png"), image(1, 10, 9));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ImageFolderReader.builder(dir).size(8, 8).cropMode(CropMode.NONE).build().read());
        assertEquals("cannot decode image " + dir.resolve("c/i.png") + ": image is 10x9 (WxH), expected 8x8",
                e.getMessage());
    }

    @Test
    void undecodableImageIsAnErrorOrASkipWithCount() throws IOException {
        Path root = splitFixture(dir.resolve("set"));
        Path bad = root.resolve("train/cat/broken.jpg");
        Files.write(bad, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F'});
        Path txt = root.resolve("train/dog/text.png");
        Files.writeString(txt, "this is not a png");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ImageFolderReader.builder(root).size(8, 8).build().read());
        assertTrue(e.getMessage().startsWith("cannot decode image " + bad + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        ImageFolderResult r = ImageFolderReader.builder(root).size(8, 8).skipBadImages(true).build().read();
        assertEquals(2, r.skippedCount());
        assertEquals(bad.toString(), r.skipped().get(0).file());
        assertEquals(txt.toString(), r.skipped().get(1).file());
        assertTrue(r.skipped().get(1).reason().contains("not an image format"), r.skipped().get(1).reason());
        assertArrayEquals(new int[] {0, 0, 1}, r.images().labels());
        assertImage(r.images(), 0, 1);
        assertImage(r.images(), 1, 2);
        assertImage(r.images(), 2, 3);
    }

    @Test
    void emptyClassFolderIsNamed() throws IOException {
        Path root = splitFixture(dir.resolve("set"));
        Files.createDirectories(root.resolve("train/zebra"));
        Files.writeString(root.resolve("train/zebra/readme.txt"), "no images");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ImageFolderReader.builder(root).size(8, 8).build().read());
        assertEquals("empty class folder " + root.resolve("train/zebra") + ": no .png/.jpg/.jpeg images",
                e.getMessage());
        // labels stay consistent between splits: the test split knows the class even without the folder
        Files.delete(root.resolve("train/zebra/readme.txt"));
        Files.delete(root.resolve("train/zebra"));
        png(root.resolve("test/zebra/z.png"), image(9, 8, 8));
        ImageSet train = ImageFolderReader.builder(root).size(8, 8).build().read().images();
        assertEquals(List.of("cat", "dog", "zebra"), train.classNames());
        ImageSet test = ImageFolderReader.builder(root).split(DataSplit.TEST).size(8, 8).build().read().images();
        assertArrayEquals(new int[] {0, 1, 2}, test.labels());
    }

    @Test
    void missingSplitFolderAndNoClassesAreErrors() throws IOException {
        png(dir.resolve("set/train/a/i.png"), image(1, 8, 8));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ImageFolderReader.builder(dir.resolve("set")).split(DataSplit.TEST).build().read());
        assertTrue(e.getMessage().contains("has a train/ folder but no test/ folder"), e.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(DataFormatException.class, () -> ImageFolderReader.builder(dir.resolve("empty")).build().read());
        assertTrue(e.getMessage().contains("no class sub-folders"), e.getMessage());
    }

    @Test
    void jpegIsDecodedCloseToTheSource() throws IOException {
        BufferedImage flat = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                flat.setRGB(x, y, 120 << 16 | 60 << 8 | 200);
            }
        }
        Path f = dir.resolve("k/a.jpg");
        Files.createDirectories(f.getParent());
        try (OutputStream out = Files.newOutputStream(f)) {
            assertTrue(ImageIO.write(flat, "jpg", out));
        }
        ImageSet s = ImageFolderReader.builder(dir).size(16, 16).build().read().images();
        assertEquals(120, s.pixel(0, 0, 7, 7), 3);
        assertEquals(60, s.pixel(0, 1, 7, 7), 3);
        assertEquals(200, s.pixel(0, 2, 7, 7), 3);
    }
}
