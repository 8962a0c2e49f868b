package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GaussianStatisticsTest {
    private static final int D = 5;
    private static final int N = 103;

    private static float[] data(long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[N * D];
        for (int r = 0; r < N; r++) {
            for (int i = 0; i < D; i++) {
                // large offset to exercise cancellation, correlated columns
                x[r * D + i] = (float) (1000 + i + rnd.nextGaussian() * (i + 1) + (i > 0 ? x[r * D] - 1000 : 0));
            }
        }
        return x;
    }

    /** Direct two-pass mean and unbiased covariance. */
    private static double[][] twoPass(float[] x, double[] meanOut) {
        for (int r = 0; r < N; r++) {
            for (int i = 0; i < D; i++) {
                meanOut[i] += x[r * D + i];
            }
        }
        for (int i = 0; i < D; i++) {
            meanOut[i] /= N;
        }
        double[][] c = new double[D][D];
        for (int r = 0; r < N; r++) {
            for (int i = 0; i < D; i++) {
                for (int j = 0; j < D; j++) {
                    c[i][j] += (x[r * D + i] - meanOut[i]) * (x[r * D + j] - meanOut[j]);
                }
            }
        }
        for (double[] row : c) {
            for (int j = 0; j < D; j++) {
                row[j] /= N - 1;
            }
        }
        return c;
    }

    private static void addInBatches(GaussianStatistics s, float[] x, int batch) {
        for (int from = 0; from < N; from += batch) {
            int rows = Math.min(batch, N - from);
            s.add(Arrays.copyOfRange(x, from * D, (from + rows) * D), rows);
        }
    }

    private static void assertClose(double[][] expected, double[][] actual, double tol) {
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], tol, "row " + i);
        }
    }

    @Test
    void matchesTwoPassForAnyBatching() {
        float[] x = data(3);
        double[] mean = new double[D];
        double[][] cov = twoPass(x, mean);
        for (int batch : new int[] {1, 7, 50, N}) {
            GaussianStatistics s = new GaussianStatistics(D);
            addInBatches(s, x, batch);
            assertEquals(N, s.count());
            assertArrayEquals(mean, s.mean(), 1e-9, "batch " + batch);
            assertClose(cov, s.covariance(), 1e-9);
        }
    }

    @Test
    void rowsOverloadMatchesFlat() {
        GaussianStatistics s = new GaussianStatistics(2);
        s.add(new float[][] {{1, 2}, {3, 5}, {5, 11}});
        assertArrayEquals(new double[] {3, 6}, s.mean(), 1e-12);
        // var x = (4+0+4)/2 = 4, var y = (16+1+25)/2 = 21, cov = (-2*-4 + 0 + 2*5)/2 = 9
        assertClose(new double[][] {{4, 9}, {9, 21}}, s.covariance(), 1e-12);
    }

    @Test
    void resetRestoresTheInitialStateExactly() {
        float[] x = data(5);
        GaussianStatistics once = new GaussianStatistics(D);
        addInBatches(once, x, 16);
        GaussianStatistics reused = new GaussianStatistics(D);
        addInBatches(reused, data(99), 10);
        reused.reset();
        assertEquals(0, reused.count());
        assertThrows(IllegalStateException.class, reused::mean);
        addInBatches(reused, x, 16);
        assertArrayEquals(once.mean(), reused.mean(), 0.0);
        assertClose(once.covariance(), reused.covariance(), 0.0);
        reused.reset();
        addInBatches(reused, x, 16);
        assertArrayEquals(once.mean(), reused.mean(), 0.0);
        assertClose(once.covariance(), reused.covariance(), 0.0);
    }

    @Test
    void mergeEqualsAccumulatingEverything() {
        float[] x = data(11);
        double[] mean = new double[D];
        double[][] cov = twoPass(x, mean);
        GaussianStatistics a = new GaussianStatistics(D);
        a.add(Arrays.copyOfRange(x, 0, 40 * D), 40);
        GaussianStatistics b = new GaussianStatistics(D);
        b.add(Arrays.copyOfRange(x, 40 * D, N * D), N - 40);
        a.merge(b);
        assertEquals(N, a.count());
        assertEquals(N - 40, b.count());
        assertArrayEquals(mean, a.mean(), 1e-9);
        assertClose(cov, a.covariance(), 1e-9);
        GaussianStatistics empty = new GaussianStatistics(D);
        empty.merge(b);
        assertArrayEquals(b.mean(), empty.mean(), 0.0);
    }

    @Test
    void saveLoadRoundTrip(@TempDir Path dir) throws IOException {
        GaussianStatistics s = new GaussianStatistics(D);
        addInBatches(s, data(8), 30);
        Path file = dir.resolve("sub/ref.stats");
        s.save(file);
        GaussianStatistics t = GaussianStatistics.load(file);
        assertEquals(s.count(), t.count());
        assertEquals(D, t.dimension());
        assertArrayEquals(s.mean(), t.mean(), 0.0);
        assertClose(s.covariance(), t.covariance(), 0.0);
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(24 + 8 * D + 8 * D * D, bytes.length);
        Path truncated = dir.resolve("truncated.stats");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 3));
        IOException e = assertThrows(IOException.class, () -> GaussianStatistics.load(truncated));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("truncated.stats"),
                e.getMessage());
        Path garbage = dir.resolve("garbage.stats");
        Files.write(garbage, new byte[100]);
        e = assertThrows(IOException.class, () -> GaussianStatistics.load(garbage));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
        assertThrows(IOException.class, () -> GaussianStatistics.load(dir.resolve("missing.stats")));
    }

    @Test
    void validatesInput() {
        GaussianStatistics s = new GaussianStatistics(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.add(new float[5], 2));
        assertTrue(e.getMessage().contains("expected 2 x 3 = 6 values, got 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.add(new float[] {1, Float.NaN, 0}, 1));
        assertTrue(e.getMessage().contains("[0, 1] is not finite"), e.getMessage());
        assertEquals(0, s.count());
        s.add(new float[3], 1);
        assertThrows(IllegalStateException.class, s::covariance);
        assertThrows(IllegalArgumentException.class, () -> s.merge(new GaussianStatistics(4)));
        assertThrows(IllegalArgumentException.class, () -> new GaussianStatistics(0));
    }
}
