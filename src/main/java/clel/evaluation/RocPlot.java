package clel.evaluation;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * ROC curves as a PNG: one curve per OOD set (paper Section 4.2), the chance diagonal as a dashed reference,
 * and each set's AUROC in the legend.
 */
public final class RocPlot {

    private RocPlot() {
    }

    /**
     * Writes an 800x600 PNG atomically.
     *
     * @param file   target PNG
     * @param curves name of each OOD set -> its ROC curve (iteration order is the legend order)
     * @param title  chart title
     * @throws IOException naming the file on failure
     */
    public static void write(Path file, Map<String, RocCurve> curves, String title) throws IOException {
        write(file, curves, title, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    }

    /**
     * Writes a PNG of the given size atomically.
     *
     * @param file   target PNG
     * @param curves name of each OOD set -> its ROC curve
     * @param title  chart title
     * @param width  image width in pixels
     * @param height image height in pixels
     * @throws IOException naming the file on failure
     */
    public static void write(Path file, Map<String, RocCurve> curves, String title, int width, int height)
            throws IOException {
        ChartStyle.check("RocPlot", curves, width, height);
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, RocCurve> e : curves.entrySet()) {
            RocCurve c = e.getValue();
            XYSeries s = new XYSeries(String.format(Locale.ROOT, "%s (AUROC %.4f)", e.getKey(), c.auroc()),
                    false, true);
            double[] fpr = c.fpr();
            double[] tpr = c.tpr();
            for (int k = 0; k < fpr.length; k++) {
                s.add(fpr[k], tpr[k]);
            }
            data.addSeries(s);
        }
        XYSeries chance = new XYSeries("chance (AUROC 0.5)", false, true);
        chance.add(0.0, 0.0);
        chance.add(1.0, 1.0);
        data.addSeries(chance);

        JFreeChart chart = ChartFactory.createXYLineChart(title, "false positive rate", "true positive rate",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        ChartStyle.apply(chart, plot);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int n = curves.size();
        for (int k = 0; k < n; k++) {
            renderer.setSeriesPaint(k, ChartStyle.color(k));
            renderer.setSeriesStroke(k, ChartStyle.line(2f));
        }
        renderer.setSeriesPaint(n, Color.GRAY);
        renderer.setSeriesStroke(n, ChartStyle.dashed(1.2f));
        plot.setRenderer(renderer);
        for (NumberAxis axis : new NumberAxis[] {(NumberAxis) plot.getDomainAxis(), (NumberAxis) plot.getRangeAxis()}) {
            axis.setRange(-0.01, 1.01);
            axis.setAutoRangeIncludesZero(true);
        }
        ChartStyle.writePng(file, chart, width, height);
    }
}
