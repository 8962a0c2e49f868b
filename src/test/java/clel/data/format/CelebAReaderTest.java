package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.DataSplit;
import clel.data.ImageSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CelebAReaderTest {
    @TempDir
    Path dir;

    private static final String[] FILES = {"000001.jpg", "000002.jpg", "000003.jpg", "000004.jpg"};
    private static final int[] PARTITION = {0, 0, 1, 2};

    private static List<String> attributeNames() {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            n.add(i == 31 ? "Smiling" : i == 20 ? "Male" : "A" + i);
        }
        return n;
    }

    /** Attribute a of image i: 1 when (i + a) is odd. */
    private static int attr(int i, int a) {
        return (i + a) % 2;
    }

    /**
     * A 178x218 image whose 140x140 center crop (rows 39..178, columns 19..158) is a uniform colour depending on
     * the image and whose surroundings are white: any misplaced crop would mix white into the 64x64 result.
     */
    private static BufferedImage face(int i) {
        BufferedImage img = new BufferedImage(178, 218, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 218; y++) {
            for (int x = 0; x < 178; x++) {
                boolean inside = y >= 39 && y < 179 && x >= 19 && x < 159;
                int[] c = inside ? colour(i) : new int[] {255, 255, 255};
                img.setRGB(x, y, c[0] << 16 | c[1] << 8 | c[2]);
            }
        }
        return img;
    }

    private static int[] colour(int i) {
        return new int[] {10 + 20 * i, 100 - 10 * i, 7 * i};
    }

    private void writeLists(Path root, boolean dropRowOf3) throws IOException {
        StringBuilder a = new StringBuilder();
        a.append(dropRowOf3 ? 3 : 4).append('\n').append(String.join(" ", attributeNames())).append(" \n");
        for (int i = 0; i < 4; i++) {
            if (dropRowOf3 && i == 2) {
                continue;
            }
            a.append(FILES[i]);
            for (int k = 0; k < 40; k++) {
                a.append(k == 0 ? " " : "  ").append(attr(i, k) == 1 ? "1" : "-1");
            }
            a.append('\n');
        }
        Files.writeString(root.resolve("list_attr_celeba.txt"), a);
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            p.append(FILES[i]).append(' ').append(PARTITION[i]).append('\n');
        }
        Files.writeString(root.resolve("list_eval_partition.txt"), p);
    }

    /** PNG data stored under .jpg names (CelebA's names; the reader decodes by content), lossless for exact checks. */
    private void writeFolder(Path root) throws IOException {
        Path img = root.resolve("img_align_celeba");
        Files.createDirectories(img);
        for (int i = 0; i < 4; i++) {
            ImageIO.write(face(i), "png", img.resolve(FILES[i]).toFile());
        }
    }

    private static void checkTrain(ImageSet s) {
        assertEquals(2, s.count());
        assertEquals(64, s.height());
        assertEquals(64, s.width());
        assertEquals(List.of("face"), s.classNames());
        assertArrayEquals(new int[] {0, 0}, s.labels());
        for (int i = 0; i < 2; i++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        assertEquals(colour(i)[ch], s.pixel(i, ch, y, x));
                    }
                }
            }
            for (int a = 0; a < 40; a++) {
                assertEquals(attr(i, a), s.attribute(i, a));
            }
        }
        assertEquals(attributeNames(), s.attributeNames());
        assertEquals((10 + 30) / 2 / 255.0, s.mean()[0], 1e-6);
        assertEquals(10 / 255.0, s.std()[0], 1e-6);
    }

    @Test
    void readsFolderCropsAndResizesTo64() throws IOException {
        writeFolder(dir);
        writeLists(dir, false);
        checkTrain(CelebAReader.builder(dir).build().read());
        ImageSet test = CelebAReader.builder(dir).split(DataSplit.TEST).labelAttribute("Smiling").build().read();
        assertEquals(1, test.count());
        assertEquals(List.of("not_Smiling", "Smiling"), test.classNames());
        assertEquals(attr(3, 31), test.label(0));
        assertEquals(colour(3)[1], test.pixel(0, 1, 63, 0));
        assertEquals(3, CelebAReader.builder(dir).partitions(0, 1).build().read().count());
    }

    @Test
    void readsOfficialZipInOfficialSubfolders() throws IOException {
        Path staging = dir.resolve("staging");
        writeFolder(staging);
        Files.createDirectories(dir.resolve("Img"));
        Files.createDirectories(dir.resolve("Anno"));
        Files.createDirectories(dir.resolve("Eval"));
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(dir.resolve("Img/img_align_celeba.zip")))) {
            out.putNextEntry(new ZipEntry("img_align_celeba/"));
            out.closeEntry();
            for (String f : FILES) {
                out.putNextEntry(new ZipEntry("img_align_celeba/" + f));
                out.write(Files.readAllBytes(staging.resolve("img_align_celeba").resolve(f)));
                out.closeEntry();
            }
        }
        writeLists(staging, false);
        Files.move(staging.resolve("list_attr_celeba.txt"), dir.resolve("Anno/list_attr_celeba.txt"));
        Files.move(staging.resolve("list_eval_partition.txt"), dir.resolve("Eval/list_eval_partition.txt"));
        checkTrain(CelebAReader.builder(dir).build().read());
    }

    @Test
    void areaResizeOfTheCrop() throws IOException {
        // crop 8 of a 10x10 image (offset 1), resize to 4: each output pixel is the mean of a 2x2 block
        Path root = dir.resolve("small");
        Files.createDirectories(root.resolve("img_align_celeba"));
        BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                int v = x * 20 + y;
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        ImageIO.write(img, "png", root.resolve("img_align_celeba/000001.jpg").toFile());
        Files.writeString(root.resolve("list_attr_celeba.txt"), "1\nA B\n000001.jpg 1 -1\n");
        Files.writeString(root.resolve("list_eval_partition.txt"), "000001.jpg 0\n");
        ImageSet s = CelebAReader.builder(root).cropSize(8).outputSize(4).labelAttribute("A").build().read();
        for (int oy = 0; oy < 4; oy++) {
            for (int ox = 0; ox < 4; ox++) {
                int x0 = 1 + 2 * ox;
                int y0 = 1 + 2 * oy;
                // mean of v(x0..x0+1, y0..y0+1) = 20 x0 + 10 + y0 + 0.5 -> rounds half up
                assertEquals(20 * x0 + 10 + y0 + 1, s.pixel(0, 0, oy, ox));
            }
        }
        assertEquals(1, s.label(0));
        assertEquals(0, s.attribute(0, 1));
    }

    @Test
    void missingAttributeRowNamesFileAndLine() throws IOException {
        writeFolder(dir);
        writeLists(dir, true);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CelebAReader.builder(dir).partitions(1).build().read());
        assertEquals(dir.resolve("list_attr_celeba.txt") + ": no attribute row for image 000003.jpg (listed at line 3 of "
                + dir.resolve("list_eval_partition.txt") + ")", e.getMessage());
    }

    @Test
    void malformedListsAndMissingImagesAreNamed() throws IOException {
        writeFolder(dir);
        writeLists(dir, false);
        String attrs = Files.readString(dir.resolve("list_attr_celeba.txt")).replaceFirst("000001.jpg -1", "000001.jpg 0");
        Files.writeString(dir.resolve("list_attr_celeba.txt"), attrs);
        DataFormatException e = assertThrows(DataFormatException.class, () -> CelebAReader.builder(dir).build().read());
        assertEquals(dir.resolve("list_attr_celeba.txt") + " line 3: attribute A0 of 000001.jpg is '0', expected -1 or 1",
                e.getMessage());
        writeLists(dir, false);
        Files.writeString(dir.resolve("list_eval_partition.txt"), "000001.jpg 0\n000002.jpg 7\n");
        e = assertThrows(DataFormatException.class, () -> CelebAReader.builder(dir).build().read());
        assertTrue(e.getMessage().startsWith(dir.resolve("list_eval_partition.txt") + " line 2:"), e.getMessage());
        writeLists(dir, false);
        Files.delete(dir.resolve("img_align_celeba/000002.jpg"));
        e = assertThrows(DataFormatException.class, () -> CelebAReader.builder(dir).build().read());
        assertTrue(e.getMessage().contains("image file 000002.jpg listed in"), e.getMessage());
        Files.writeString(dir.resolve("img_align_celeba/000002.jpg"), "garbage");
        e = assertThrows(DataFormatException.class, () -> CelebAReader.builder(dir).build().read());
        assertTrue(e.getMessage().startsWith("cannot decode image " + dir.resolve("img_align_celeba/000002.jpg")),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CelebAReader.builder(dir).labelAttribute("Bald_Eagle").build().read());
    }
}
