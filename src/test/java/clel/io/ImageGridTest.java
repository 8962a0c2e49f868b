package clel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

    private static int gray(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        int r = rgb >> 16;
        assertEquals(r, (rgb >> 8) & 0xff, "gray pixel at " + x + "," + y);
        assertEquals(r, rgb & 0xff, "gray pixel at " + x + "," + y);
        return r;
    }

    @Test
    void quantizesLikeThePublicCode() {
        assertEquals(0, ImageGrid.toByte(0f));
        assertEquals(0, ImageGrid.toByte(-0.3f));
        assertEquals(0, ImageGrid.toByte(Float.NaN));
        assertEquals(128, ImageGrid.toByte(0.5f));
        assertEquals(64, ImageGrid.toByte(0.25f));
        assertEquals(63, ImageGrid.toByte(0.2499f));
        assertEquals(255, ImageGrid.toByte(0.999f));
        assertEquals(255, ImageGrid.toByte(1f));
        assertEquals(255, ImageGrid.toByte(1.7f));
        assertEquals(255, ImageGrid.toByte(Float.POSITIVE_INFINITY));
    }

    @Test
    void tilesGrayImagesWithPadding() {
        // Two 1x2x2 images side by side, padding 1: grid 7 wide, 4 high.
        float[] images = {0f, 0.5f, 1f, 0.25f, -1f, 2f, 0.999f, 0.1f};
        BufferedImage grid = ImageGrid.tile(images, 2, 1, 2, 2, 2, 1);
        assertEquals(7, grid.getWidth());
        assertEquals(4, grid.getHeight());
        // image 0 at (1,1)
        assertEquals(0, gray(grid, 1, 1));
        assertEquals(128, gray(grid, 2, 1));
        assertEquals(255, gray(grid, 1, 2));
        assertEquals(64, gray(grid, 2, 2));
        // image 1 at (4,1)
        assertEquals(0, gray(grid, 4, 1));
        assertEquals(255, gray(grid, 5, 1));
        assertEquals(255, gray(grid, 4, 2));
        assertEquals(25, gray(grid, 5, 2)); // floor(0.1 * 256) = 25
        // padding is black
        for (int x = 0; x < 7; x++) {
            assertEquals(0, gray(grid, x, 0));
            assertEquals(0, gray(grid, x, 3));
        }
        assertEquals(0, gray(grid, 3, 1));
        assertEquals(0, gray(grid, 6, 2));
    }

    @Test
    void tilesRgbImagesRowByRow() {
        // Five 3x1x1 images, 2 columns: 3 rows, no padding.
        float[] images = new float[15];
        for (int n = 0; n < 5; n++) {
            images[n * 3] = n / 10f;       // red
            images[n * 3 + 1] = 0.5f;      // green
            images[n * 3 + 2] = 1f - n / 10f; // blue
        }
        BufferedImage grid = ImageGrid.tile(images, 5, 3, 1, 1, 2, 0);
        assertEquals(2, grid.getWidth());
        assertEquals(3, grid.getHeight());
        for (int n = 0; n < 5; n++) {
            int rgb = grid.getRGB(n % 2, n / 2) & 0xffffff;
            assertEquals((int) Math.floor(n / 10f * 256), rgb >> 16, "red of image " + n);
            assertEquals(128, (rgb >> 8) & 0xff, "green of image " + n);
            assertEquals(Math.min(255, (int) Math.floor((1f - n / 10f) * 256)), rgb & 0xff, "blue of image " + n);
        }
        assertEquals(0, grid.getRGB(1, 2) & 0xffffff); // empty cell
        // More columns than images: one row of count images.
        BufferedImage row = ImageGrid.tile(images, 5, 3, 1, 1, 8, 0);
        assertEquals(5, row.getWidth());
        assertEquals(1, row.getHeight());
    }

    @Test
    void upscalesWithNearestNeighbour() {
        float[] images = {0f, 0.5f, 1f, 0.25f};
        BufferedImage grid = ImageGrid.tile(images, 1, 1, 2, 2, 1, 1, 3);
        assertEquals(12, grid.getWidth());
        assertEquals(12, grid.getHeight());
        int[][] expected = {{0, 128}, {255, 64}};
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                for (int dy = 0; dy < 3; dy++) {
                    for (int dx = 0; dx < 3; dx++) {
                        assertEquals(expected[y][x], gray(grid, (1 + x) * 3 + dx, (1 + y) * 3 + dy));
                    }
                }
            }
        }
        assertEquals(0, gray(grid, 2, 5)); // scaled padding
        assertEquals(0, gray(grid, 9, 9));
    }

    @Test
    void ndArrayOverloadMatchesFloatOverload() {
        float[] images = new float[2 * 3 * 4 * 5];
        for (int k = 0; k < images.length; k++) {
            images[k] = (k * 37 % 101) / 100f;
        }
        BufferedImage expected = ImageGrid.tile(images, 2, 3, 4, 5, 1, 2, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = manager.create(images, new Shape(2, 3, 4, 5));
            BufferedImage actual = ImageGrid.tile(array, 1, 2, 2);
            assertEquals(expected.getWidth(), actual.getWidth());
            assertEquals(expected.getHeight(), actual.getHeight());
            for (int y = 0; y < expected.getHeight(); y++) {
                for (int x = 0; x < expected.getWidth(); x++) {
                    assertEquals(expected.getRGB(x, y), actual.getRGB(x, y));
                }
            }
            NDArray doubles = array.toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
            assertEquals(expected.getRGB(3, 3), ImageGrid.tile(doubles, 1, 2, 2).getRGB(3, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImageGrid.tile(manager.zeros(new Shape(3, 4, 5)), 1, 0));
            assertTrue(e.getMessage().contains("(B, C, H, W)"), e.getMessage());
        }
    }

    @Test
    void rejectsBadArguments() {
        float[] four = new float[4];
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.tile(four, 0, 1, 2, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.tile(four, 1, 2, 2, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.tile(four, 1, 1, 2, 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.tile(four, 1, 1, 2, 2, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.tile(four, 1, 1, 2, 2, 1, 0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.tile(four, 2, 1, 2, 2, 1, 0));
        assertTrue(e.getMessage().contains("4 values for 2 images"), e.getMessage());
    }

    @Test
    void writePngRoundTripsAndReplacesAtomically(@TempDir Path dir) throws IOException {
        float[] images = new float[3 * 3 * 4 * 4];
        for (int k = 0; k < images.length; k++) {
            images[k] = (k % 17) / 16f;
        }
        BufferedImage grid = ImageGrid.tile(images, 3, 3, 4, 4, 2, 1, 2);
        Path target = dir.resolve("sub/grid.png");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old content");
        ImageGrid.writePng(grid, target);
        BufferedImage read = ImageIO.read(target.toFile());
        assertEquals(grid.getWidth(), read.getWidth());
        assertEquals(grid.getHeight(), read.getHeight());
        for (int y = 0; y < grid.getHeight(); y++) {
            for (int x = 0; x < grid.getWidth(); x++) {
                assertEquals(grid.getRGB(x, y) & 0xffffff, read.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList(), "no temporary file left behind");
        }
        // Missing parent folders are created.
        Path nested = dir.resolve("a/b/c.png");
        ImageGrid.writePng(grid, nested);
        assertEquals(grid.getRGB(5, 5) & 0xffffff, ImageIO.read(nested.toFile()).getRGB(5, 5) & 0xffffff);
    }
}
