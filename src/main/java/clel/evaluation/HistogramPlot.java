package clel.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;

/**
 * Overlaid semi-transparent histograms as a PNG, e.g. the OOD score distributions of in-distribution and
 * OOD sets (paper Section 4.2) or the cosine-similarity histograms of Appendix E. All series share the same
 * bins spanning the overall [min, max]; heights are relative frequencies (fraction of each series), so sets
 * of different sizes are comparable.
 */
public final class HistogramPlot {

    private HistogramPlot() {
    }

    /**
     * Writes an 800x600 PNG atomically.
     *
     * @param file   target PNG
     * @param series name -> values (non-empty, finite)
     * @param bins   number of bins (>= 1)
     * @param title  chart title
     * @param xLabel label of the value axis
     * @throws IOException naming the file on failure
     * @throws IllegalArgumentException if a series is empty or holds a non-finite value, or bins < 1
     */
    public static void write(Path file, Map<String, double[]> series, int bins, String title, String xLabel)
            throws IOException {
        write(file, series, bins, title, xLabel, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    }

    /**
     * Writes a PNG of the given size atomically.
     *
     * @param file   target PNG
     * @param series name -> values (non-empty, finite)
     * @param bins   number of bins (>= 1)
     * @param title  chart title
     * @param xLabel label of the value axis
     * @param width  image width in pixels
     * @param height image height in pixels
     * @throws IOException naming the file on failure
     */
    public static void write(Path file, Map<String, double[]> series, int bins, String title, String xLabel,
            int width, int height) throws IOException {
        ChartStyle.check("HistogramPlot", series, width, height);
        if (bins < 1) {
            throw new IllegalArgumentException("HistogramPlot: bins must be >= 1, got " + bins);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] v = e.getValue();
            if (v.length == 0) {
                throw new IllegalArgumentException("HistogramPlot: series '" + e.getKey() + "' is empty");
            }
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IllegalArgumentException("HistogramPlot: series '" + e.getKey() + "' value " + i
                            + " is not finite (" + v[i] + ")");
                }
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
            }
        }
        if (max - min <= Math.ulp(Math.abs(max)) * 4) {
            min -= 0.5;
            max += 0.5;
        }
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.RELATIVE_FREQUENCY);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            data.addSeries(e.getKey() + " (n=" + e.getValue().length + ")", e.getValue(), bins, min, max);
        }
        JFreeChart chart = ChartFactory.createHistogram(title, xLabel, "fraction of samples", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        ChartStyle.apply(chart, plot);
        plot.setForegroundAlpha(0.5f);
        plot.setDomainZeroBaselineVisible(false);
        XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        for (int k = 0; k < series.size(); k++) {
            renderer.setSeriesPaint(k, ChartStyle.color(k));
        }
        ChartStyle.writePng(file, chart, width, height);
    }
}
