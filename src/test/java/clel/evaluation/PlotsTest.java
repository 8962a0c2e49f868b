package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.report.LinePlot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Copies a plot to -Dclel.plots.keep=DIR for a visual check, if set. */
    private static void keep(Path png) throws IOException {
        String keep = System.getProperty("clel.plots.keep");
        if (keep != null && !keep.isBlank()) {
            Files.createDirectories(Path.of(keep));
            Files.copy(png, Path.of(keep).resolve(png.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static BufferedImage readPng(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "not a readable image: " + file);
        return img;
    }

    private static boolean hasColourfulPixels(BufferedImage img) {
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                int r = rgb >> 16 & 0xFF;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double[] gaussian(Random rnd, int n, double mean, double sd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * rnd.nextGaussian();
        }
        return v;
    }

    @Test
    void rocPlot() throws IOException {
        Random rnd = new Random(1);
        double[] in = gaussian(rnd, 500, 1.0, 1.0);
        Map<String, RocCurve> curves = new LinkedHashMap<>();
        curves.put("SVHN", Auroc.curve(in, gaussian(rnd, 400, -0.5, 1.0)));
        curves.put("uniform noise", Auroc.curve(in, gaussian(rnd, 300, -2.5, 0.7)));
        curves.put("ties", Auroc.curve(new double[] {0.9, 0.5, 0.5}, new double[] {0.5, 0.1}));
        Path file = dir.resolve("roc.png");
        RocPlot.write(file, curves, "OOD detection: CIFAR-10 (in) vs ...");
        BufferedImage img = readPng(file);
        assertEquals(800, img.getWidth());
        assertEquals(600, img.getHeight());
        assertTrue(hasColourfulPixels(img));
        keep(file);
        RocPlot.write(dir.resolve("small.png"), curves, "small", 320, 240);
        assertEquals(320, readPng(dir.resolve("small.png")).getWidth());
        assertThrows(IllegalArgumentException.class, () -> RocPlot.write(dir.resolve("x.png"), Map.of(), "t"));
    }

    @Test
    void histogramPlot() throws IOException {
        Random rnd = new Random(2);
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("CIFAR-10 (in)", gaussian(rnd, 2000, 1.0, 1.0));
        series.put("SVHN", gaussian(rnd, 1000, -0.5, 1.2));
        series.put("constant", new double[] {0.25, 0.25, 0.25});
        Path file = dir.resolve("hist.png");
        HistogramPlot.write(file, series, 40, "OOD score distribution", "score (eq. 14)");
        BufferedImage img = readPng(file);
        assertEquals(800, img.getWidth());
        assertEquals(600, img.getHeight());
        assertTrue(hasColourfulPixels(img));
        keep(file);
        // all values equal: still a valid plot
        HistogramPlot.write(dir.resolve("flat.png"), Map.of("x", new double[] {3, 3}), 10, "flat", "v");
        assertNotNull(readPng(dir.resolve("flat.png")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HistogramPlot.write(
                dir.resolve("bad.png"), Map.of("bad", new double[] {1, Double.NaN}), 10, "t", "x"));
        assertTrue(e.getMessage().contains("'bad' value 1 is not finite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HistogramPlot.write(
                dir.resolve("bad.png"), Map.of("empty", new double[0]), 10, "t", "x"));
        assertTrue(Files.notExists(dir.resolve("bad.png")));
    }

    @Test
    void linePlot() throws IOException {
        double[][] loss = new double[200][];
        double[][] energy = new double[200][];
        for (int i = 0; i < 200; i++) {
            loss[i] = new double[] {i * 10, 5 * Math.exp(-i / 50.0) + 0.1};
            energy[i] = new double[] {i * 10, 0.5 + 0.2 * Math.sin(i / 10.0)};
        }
        loss[50] = new double[] {500, Double.NaN}; // skipped
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("loss", loss);
        series.put("energy gap", energy);
        Path file = dir.resolve("train.png");
        LinePlot.write(file, series, "training", "iteration", "value", true);
        BufferedImage img = readPng(file);
        assertEquals(800, img.getWidth());
        assertEquals(600, img.getHeight());
        assertTrue(hasColourfulPixels(img));
        keep(file);
        LinePlot.write(dir.resolve("lin.png"), series, "training", "iteration", "value", false);
        assertNotNull(readPng(dir.resolve("lin.png")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinePlot.write(
                dir.resolve("neg.png"), Map.of("e", new double[][] {{0, -1}}), "t", "x", "y", true));
        assertTrue(e.getMessage().contains("logarithmic"), e.getMessage());
    }

    @Test
    void unwritableTargetGivesIOExceptionNamingThePath() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        Path target = blocker.resolve("roc.png");
        Map<String, RocCurve> curves = Map.of("a", Auroc.curve(new double[] {1}, new double[] {0}));
        IOException e = assertThrows(IOException.class, () -> RocPlot.write(target, curves, "t"));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
    }
}
