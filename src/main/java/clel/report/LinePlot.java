package clel.report;

import clel.evaluation.ChartStyle;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Line charts as a PNG, for training curves (losses, energies, FID-style scores against iteration).
 * Points whose x or y is not finite (e.g. a diverged loss) are left out of the drawing.
 */
public final class LinePlot {

    private LinePlot() {
    }

    /**
     * Writes an 800x600 PNG atomically.
     *
     * @param file   target PNG
     * @param series name -> points, an array of {x, y} pairs ({@code points[k] = {x_k, y_k}})
     * @param title  chart title
     * @param xLabel x-axis label
     * @param yLabel y-axis label
     * @param logY   logarithmic y axis (then every finite y must be positive)
     * @throws IOException naming the file on failure
     * @throws IllegalArgumentException if a point is not a pair, or logY and a y is not positive
     */
    public static void write(Path file, Map<String, double[][]> series, String title, String xLabel,
            String yLabel, boolean logY) throws IOException {
        write(file, series, title, xLabel, yLabel, logY, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    }

    /**
     * Writes a PNG of the given size atomically, the k-th series in the k-th palette colour.
     *
     * @param file   target PNG
     * @param series name -> points, an array of {x, y} pairs
     * @param title  chart title
     * @param xLabel x-axis label
     * @param yLabel y-axis label
     * @param logY   logarithmic y axis
     * @param width  image width in pixels
     * @param height image height in pixels
     * @throws IOException naming the file on failure
     */
    public static void write(Path file, Map<String, double[][]> series, String title, String xLabel,
            String yLabel, boolean logY, int width, int height) throws IOException {
        List<Series> list = new ArrayList<>();
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            list.add(new Series(e.getKey(), e.getValue(), list.size(), false));
        }
        write(file, list, title, xLabel, yLabel, logY, width, height);
    }

    /**
     * One line of a chart.
     *
     * @param name   legend entry (unique within a chart)
     * @param points {x, y} pairs
     * @param color  index into the palette ({@link ChartStyle#color})
     * @param dashed dashed rather than solid (e.g. a further seed of the same group)
     */
    public record Series(String name, double[][] points, int color, boolean dashed) {
    }

    /**
     * Writes a PNG of the given size atomically, each series in its own colour and dash.
     *
     * @throws IOException naming the file on failure
     * @throws IllegalArgumentException if a point is not a pair, or logY and a y is not positive
     */
    public static void write(Path file, List<Series> series, String title, String xLabel, String yLabel, boolean logY,
            int width, int height) throws IOException {
        Map<String, Series> byName = new LinkedHashMap<>();
        series.forEach(s -> byName.put(s.name(), s));
        if (byName.size() != series.size()) {
            throw new IllegalArgumentException("LinePlot: series names must be unique");
        }
        ChartStyle.check("LinePlot", byName, width, height);
        XYSeriesCollection data = new XYSeriesCollection();
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Series e : series) {
            XYSeries s = new XYSeries(e.name(), false, true);
            double[][] points = e.points();
            for (int k = 0; k < points.length; k++) {
                if (points[k] == null || points[k].length != 2) {
                    throw new IllegalArgumentException("LinePlot: series '" + e.name() + "' point " + k
                            + " is not an {x, y} pair");
                }
                double x = points[k][0];
                double y = points[k][1];
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    continue;
                }
                if (logY && y <= 0) {
                    throw new IllegalArgumentException("LinePlot: series '" + e.name() + "' point " + k
                            + " has y = " + y + ", which a logarithmic axis cannot show");
                }
                s.add(x, y);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        ChartStyle.apply(chart, plot);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int k = 0; k < series.size(); k++) {
            renderer.setSeriesPaint(k, ChartStyle.color(series.get(k).color()));
            renderer.setSeriesStroke(k, series.get(k).dashed() ? ChartStyle.dashed(1.5f) : ChartStyle.line(1.5f));
        }
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        if (logY) {
            LogAxis axis = new LogAxis(yLabel);
            axis.setSmallestValue(Double.MIN_NORMAL);
            // label ticks with plain values, switching to scientific notation for very small or large ones
            boolean plain = minY >= 1e-3 && maxY < 1e5;
            axis.setNumberFormatOverride(new DecimalFormat(plain ? "0.###" : "0.##E0",
                    DecimalFormatSymbols.getInstance(Locale.ROOT)));
            plot.setRangeAxis(axis);
        } else {
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        }
        ChartStyle.writePng(file, chart, width, height);
    }
}
