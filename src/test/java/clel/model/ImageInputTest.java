package clel.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import clel.io.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInputTest {

    /** PNG files of a data set's images read back give the data set's own input values, in the order given. */
    @Test
    void pngFilesOfImagesReadBackAsTheirPixels(@TempDir Path dir) throws IOException {
        ImageSet set = ShapesDataset.test(3, 7);
        Path[] files = new Path[3];
        for (int i = 0; i < 3; i++) {
            files[i] = dir.resolve("image-" + i + ".png");
            ImageGrid.writePng(ImageGrid.tile(BatchSampler.pixels(set, new int[] {i}), 1, 3, 32, 32, 1, 0), files[i]);
        }
        float[] read = ImageInput.read(List.of(files[2], files[0]), new Shape(3, 32, 32));
        assertArrayEquals(BatchSampler.pixels(set, new int[] {2, 0}), read, 0f);
    }

    /** A larger, non-square image is brought to the model's size (shorter side resized, centre crop); grey for C = 1. */
    @Test
    void otherSizesAreResizedAndCropped(@TempDir Path dir) throws IOException {
        BufferedImage wide = new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 128; x++) {
            for (int y = 0; y < 64; y++) {
                wide.setRGB(x, y, x < 32 || x >= 96 ? 0xff0000 : 0x00ff00);
            }
        }
        Path file = dir.resolve("wide.png");
        ImageIO.write(wide, "png", file.toFile());
        float[] rgb = ImageInput.read(List.of(file), new Shape(3, 16, 16));
        assertEquals(3 * 16 * 16, rgb.length);
        for (int p = 0; p < 256; p++) {
            assertEquals(0f, rgb[p], 0f, "red plane: the red borders are cropped away");
            assertEquals(1f, rgb[256 + p], 0f, "green plane");
        }
        float[] grey = ImageInput.read(List.of(file), new Shape(1, 8, 8));
        assertEquals(64, grey.length);
        assertEquals((587 * 255 + 500) / 1000 / 255f, grey[27], 1e-6f, "luma of pure green");
    }

    @Test
    void aFileThatIsNoImageIsNamed(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("notes.png"), "not an image");
        IOException e = assertThrows(IOException.class, () -> ImageInput.read(List.of(bad), new Shape(3, 32, 32)));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageInput.read(List.of(bad), new Shape(32, 32)));
    }
}
