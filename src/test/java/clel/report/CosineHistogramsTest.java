package clel.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CosineHistogramsTest {

    @Test
    void handComputedPairs() {
        float[][] v = {{1, 0}, {0, 3}, {2, 2}, {-5, 0}};
        double r = Math.sqrt(0.5);
        // pairs (0,1) (0,2) (0,3) (1,2) (1,3) (2,3)
        assertArrayEquals(new double[] {0, r, -1, r, 0, -r}, CosineHistograms.pairwise(v), 1e-15);
    }

    @Test
    void threeDimensionsAndScaleInvariance() {
        // cos((1,2,2), (2,-1,0)) = 0; cos((1,2,2), (0,0,4)) = 2/3; cos((2,-1,0), (0,0,4)) = 0
        float[][] v = {{1, 2, 2}, {2, -1, 0}, {0, 0, 4}};
        assertArrayEquals(new double[] {0, 2.0 / 3, 0}, CosineHistograms.pairwise(v), 1e-15);
        float[][] scaled = {{10, 20, 20}, {0.2f, -0.1f, 0}, {0, 0, 1e-3f}};
        assertArrayEquals(new double[] {0, 2.0 / 3, 0}, CosineHistograms.pairwise(scaled), 1e-7);
        // identical directions give exactly 1 (clamped)
        assertArrayEquals(new double[] {1}, CosineHistograms.pairwise(new float[][] {{0.1f, 0.7f, 0.3f}, {0.1f, 0.7f, 0.3f}}));
    }

    @Test
    void edgeCasesAndErrors() {
        assertEquals(0, CosineHistograms.pairwise(new float[0][]).length);
        assertEquals(0, CosineHistograms.pairwise(new float[][] {{1, 2}}).length);
        double[] all = CosineHistograms.pairwise(ones(10, 3));
        assertEquals(45, all.length);
        for (double c : all) {
            assertEquals(1.0, c, 1e-15);
        }
        assertEquals("cosine similarities: vector 1 is zero, its cosine similarity is undefined",
                assertThrows(IllegalArgumentException.class,
                        () -> CosineHistograms.pairwise(new float[][] {{1, 0}, {0, 0}})).getMessage());
        assertEquals("cosine similarities: vector 1 has 3 values, vector 0 has 2",
                assertThrows(IllegalArgumentException.class,
                        () -> CosineHistograms.pairwise(new float[][] {{1, 0}, {0, 0, 1}})).getMessage());
        assertEquals("cosine similarities: vector 0 value 1 is not finite (NaN)",
                assertThrows(IllegalArgumentException.class,
                        () -> CosineHistograms.pairwise(new float[][] {{1, Float.NaN}, {0, 1}})).getMessage());
    }

    private static float[][] ones(int n, int d) {
        float[][] v = new float[n][d];
        for (float[] row : v) {
            Arrays.fill(row, 1f);
        }
        return v;
    }

    @Test
    void writesFigureSixStylePlot(@TempDir Path tmp) throws Exception {
        Map<String, float[][]> f = new LinkedHashMap<>();
        f.put("f(x)", new float[][] {{1, 0}, {0, 3}, {2, 2}});
        f.put("h(x)", new float[][] {{1, 1}, {1, 2}});
        Path png = tmp.resolve("cos.png");
        Map<String, double[]> plotted = CosineHistograms.writePlot(png, f, 10, "Cosine similarities");
        assertArrayEquals(new double[] {0, Math.sqrt(0.5), Math.sqrt(0.5)}, plotted.get("f(x)"), 1e-15);
        assertArrayEquals(new double[] {3 / Math.sqrt(10)}, plotted.get("h(x)"), 1e-15);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        f.put("g", new float[][] {{1, 0}});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CosineHistograms.writePlot(png, f, 10, "t"))
                .getMessage().contains("'g' needs at least 2 vectors"));
    }
}
