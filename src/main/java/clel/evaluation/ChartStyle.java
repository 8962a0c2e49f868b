package clel.evaluation;

import clel.io.AtomicFileWriter;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/** Shared look and PNG output of the evaluation plots (package-private). */
public final class ChartStyle {
    /** Default image width in pixels. */
    public static final int WIDTH = 800;
    /** Default image height in pixels. */
    public static final int HEIGHT = 600;

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)
    };

    private ChartStyle() {
    }

    /** @return the k-th colour of a matplotlib-like palette (cycling) */
    public static Color color(int k) {
        return PALETTE[k % PALETTE.length];
    }

    /** @return a line stroke of the given width */
    public static BasicStroke line(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** @return a dashed line stroke */
    public static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    /** White background with light grey grid lines. */
    public static void apply(JFreeChart chart, XYPlot plot) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlinePaint(new Color(0x999999));
    }

    /** Validates the size and the series map. */
    public static void check(String plotName, Map<String, ?> series, int width, int height) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException(plotName + ": no series to plot");
        }
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException(plotName + ": image size " + width + "x" + height + " is too small");
        }
        for (Map.Entry<String, ?> e : series.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(plotName + ": series names and data must not be null");
            }
        }
    }

    /** Renders the chart as a PNG, atomically. */
    public static void writePng(Path file, JFreeChart chart, int width, int height) throws IOException {
        AtomicFileWriter.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }
}
