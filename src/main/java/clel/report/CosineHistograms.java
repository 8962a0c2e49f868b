package clel.report;

import clel.evaluation.HistogramPlot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Pairwise cosine similarities of feature vectors, for the histograms of paper Appendix E / Figure 6, which
 * compare how spread out the EBM features f(x), the projected directions g(f(x)) and the encoder features
 * h(x) are: for n vectors v_0..v_{n-1} the n(n-1)/2 values cos(v_i, v_j) = v_i.v_j / (||v_i|| ||v_j||) for
 * i &lt; j, computed in double precision.
 */
public final class CosineHistograms {
    /** Largest number of vectors whose n(n-1)/2 pairs still fit in one Java array. */
    static final int MAX_VECTORS = 65_536;

    private CosineHistograms() {
    }

    /**
     * All pairwise cosine similarities.
     *
     * @param features n vectors of one common dimension d &gt;= 1, layout (n, d); each must be finite and
     *                 non-zero. n &lt; 2 gives an empty result. Memory is 8 n(n-1)/2 bytes, so keep n to a
     *                 few thousand (n = 2000 gives about 2 million values, 16 MB).
     * @return cos(v_i, v_j) for i &lt; j in the order (0,1), (0,2), ..., (0,n-1), (1,2), ..., (n-2,n-1),
     *         clamped to [-1, 1]
     * @throws IllegalArgumentException if rows differ in length, a value is not finite, a vector is zero, or
     *                                  n is larger than {@value #MAX_VECTORS}
     */
    public static double[] pairwise(float[][] features) {
        Objects.requireNonNull(features, "features");
        int n = features.length;
        if (n > MAX_VECTORS) {
            throw new IllegalArgumentException("cosine similarities: " + n + " vectors give too many pairs (at most "
                    + MAX_VECTORS + " vectors)");
        }
        if (n == 0) {
            return new double[0];
        }
        if (features[0] == null || features[0].length == 0) {
            throw new IllegalArgumentException("cosine similarities: vector 0 is empty");
        }
        int d = features[0].length;
        double[][] unit = new double[n][];
        for (int i = 0; i < n; i++) {
            float[] v = features[i];
            if (v == null || v.length != d) {
                throw new IllegalArgumentException("cosine similarities: vector " + i + " has "
                        + (v == null ? "no" : String.valueOf(v.length)) + " values, vector 0 has " + d);
            }
            double sq = 0;
            for (int k = 0; k < d; k++) {
                if (!Float.isFinite(v[k])) {
                    throw new IllegalArgumentException("cosine similarities: vector " + i + " value " + k
                            + " is not finite (" + v[k] + ")");
                }
                sq += (double) v[k] * v[k];
            }
            double norm = Math.sqrt(sq);
            if (!(norm > 0)) {
                throw new IllegalArgumentException("cosine similarities: vector " + i
                        + " is zero, its cosine similarity is undefined");
            }
            unit[i] = new double[d];
            for (int k = 0; k < d; k++) {
                unit[i][k] = v[k] / norm;
            }
        }
        double[] out = new double[(int) ((long) n * (n - 1) / 2)];
        int p = 0;
        for (int i = 0; i < n; i++) {
            double[] a = unit[i];
            for (int j = i + 1; j < n; j++) {
                double[] b = unit[j];
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += a[k] * b[k];
                }
                out[p++] = Math.max(-1.0, Math.min(1.0, dot));
            }
        }
        return out;
    }

    /**
     * Writes the overlaid histograms of the pairwise cosine similarities of several feature sets (e.g.
     * "f(x)", "g(f(x))", "h(x)") as one PNG with {@link HistogramPlot}, like paper Figure 6.
     *
     * @param file     target PNG (written atomically)
     * @param features series name -> vectors (n, d), each with n &gt;= 2
     * @param bins     number of histogram bins
     * @param title    chart title
     * @return series name -> the pairwise similarities that were plotted
     * @throws IOException naming the file if it cannot be written
     * @throws IllegalArgumentException naming the series if its vectors are unusable
     */
    public static Map<String, double[]> writePlot(Path file, Map<String, float[][]> features, int bins, String title)
            throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Map.Entry<String, float[][]> e : features.entrySet()) {
            if (e.getValue() == null || e.getValue().length < 2) {
                throw new IllegalArgumentException("cosine similarities: series '" + e.getKey()
                        + "' needs at least 2 vectors");
            }
            try {
                series.put(e.getKey(), pairwise(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("series '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
        }
        HistogramPlot.write(file, series, bins, title, "cosine similarity");
        return series;
    }
}
