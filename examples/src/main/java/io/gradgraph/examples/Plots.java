package io.gradgraph.examples;

import io.gradgraph.core.AtomicFiles;
import io.gradgraph.nn.Network;
import io.gradgraph.nn.data.Dataset;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Align;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The course's two plots as PNG files, drawn with JFreeChart without a display
 * ({@code java.awt.headless=true}):
 *
 * <ul>
 *   <li>{@link #decisionBoundary}: the model's output over the plane as a heat map — red where it
 *       predicts 0, blue where it predicts 1, paler where it is less sure — with the data points on
 *       top, as the course's {@code plot_decision_boundary} (a {@code contourf} and a {@code scatter});
 *   <li>{@link #learningCurve}: the cost against the iteration, as the course's {@code plt.plot(costs)}.
 * </ul>
 */
final class Plots {
    /** The size of every PNG, in pixels. */
    static final int WIDTH = 800;
    static final int HEIGHT = 600;

    /** Class 0 and class 1, the two ends of matplotlib's Spectral map the course plots with. */
    private static final Color RED = new Color(213, 62, 79);
    private static final Color BLUE = new Color(50, 136, 189);
    /** Grid resolution of the heat map: one prediction per cell. */
    private static final int GRID_COLUMNS = 400;
    private static final int GRID_ROWS = 300;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /**
     * Writes the decision boundary of a model with two input features over {@code data}'s points,
     * on the course's window: each axis from the smallest coordinate − 1 to the largest + 1.
     */
    static void decisionBoundary(Path file, String title, Network network, Dataset data) {
        DMatrixRMaj x = data.x();
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < data.examples(); i++) {
            xMin = Math.min(xMin, x.get(0, i));
            xMax = Math.max(xMax, x.get(0, i));
            yMin = Math.min(yMin, x.get(1, i));
            yMax = Math.max(yMax, x.get(1, i));
        }
        xMin -= 1;
        xMax += 1;
        yMin -= 1;
        yMax += 1;

        // the cell centres, row by row from the top (largest x2) as the image is stored
        DMatrixRMaj grid = new DMatrixRMaj(2, GRID_COLUMNS * GRID_ROWS);
        for (int r = 0; r < GRID_ROWS; r++) {
            for (int c = 0; c < GRID_COLUMNS; c++) {
                int k = r * GRID_COLUMNS + c;
                grid.set(0, k, xMin + (c + 0.5) * (xMax - xMin) / GRID_COLUMNS);
                grid.set(1, k, yMax - (r + 0.5) * (yMax - yMin) / GRID_ROWS);
            }
        }
        DMatrixRMaj probabilities = network.probabilities(grid);
        // K classes (a softmax output): each cell in its argmax class's colour, the surer the stronger
        int classes = network.model().classes();
        BufferedImage heat = new BufferedImage(GRID_COLUMNS, GRID_ROWS, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < GRID_ROWS; r++) {
            for (int c = 0; c < GRID_COLUMNS; c++) {
                int k = r * GRID_COLUMNS + c;
                heat.setRGB(c, r, (classes > 0 ? classColor(probabilities, k) : regionColor(probabilities.get(0, k)))
                        .getRGB());
            }
        }

        int series = Math.max(2, classes);
        XYSeriesCollection points = new XYSeriesCollection();
        for (int s = 0; s < series; s++) {
            points.addSeries(new XYSeries("y = " + s));
        }
        for (int i = 0; i < data.examples(); i++) {
            double label = data.y().get(0, i);
            int s = classes > 0 ? (int) label : label > 0.5 ? 1 : 0;
            points.getSeries(s).add(x.get(0, i), x.get(1, i));
        }
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        Ellipse2D dot = new Ellipse2D.Double(-3.5, -3.5, 7, 7);
        for (int s = 0; s < series; s++) {
            dots.setSeriesShape(s, dot);
            dots.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
            dots.setSeriesOutlinePaint(s, Color.BLACK);
            dots.setSeriesOutlineStroke(s, new BasicStroke(0.6f));
        }
        dots.setUseOutlinePaint(true);
        dots.setDrawOutlines(true);

        NumberAxis horizontal = new NumberAxis("x1");
        horizontal.setRange(xMin, xMax);
        NumberAxis vertical = new NumberAxis("x2");
        vertical.setRange(yMin, yMax);
        XYPlot plot = new XYPlot(points, horizontal, vertical, dots);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setBackgroundImage(heat);
        plot.setBackgroundImageAlignment(Align.FIT);
        plot.setBackgroundImageAlpha(1f);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlinePaint(Color.GRAY);
        write(file, chart(title, plot, true));
    }

    /** Writes the cost of each recorded iteration (or epoch), joined by a line. */
    static void learningCurve(Path file, String title, String unit, int[] iterations, double[] costs) {
        XYSeries series = new XYSeries("cost");
        for (int i = 0; i < costs.length; i++) {
            series.add(iterations[i], costs[i]);
        }
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, BLUE);
        line.setSeriesStroke(0, new BasicStroke(2f));
        NumberAxis horizontal = new NumberAxis(unit);
        horizontal.setAutoRangeIncludesZero(true);
        NumberAxis vertical = new NumberAxis("cost");
        vertical.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), horizontal, vertical, line);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setOutlinePaint(Color.GRAY);
        write(file, chart(title, plot, false));
    }

    /** Class colours: red and blue as the course's two classes, then more for K classes. */
    private static final Color[] PALETTE = {RED, BLUE, new Color(102, 166, 30), new Color(244, 165, 40),
        new Color(117, 112, 179), new Color(231, 41, 138), new Color(102, 102, 102), new Color(166, 118, 29)};

    /** White blended with the argmax class's colour of column k, the more the larger its probability. */
    private static Color classColor(DMatrixRMaj probabilities, int k) {
        int best = 0;
        for (int i = 1; i < probabilities.numRows; i++) {
            if (probabilities.get(i, k) > probabilities.get(best, k)) {
                best = i;
            }
        }
        double p = probabilities.get(best, k);
        double chance = 1.0 / probabilities.numRows;
        double strength = 0.22 + 0.38 * Math.max(0, (p - chance) / (1 - chance));
        Color base = PALETTE[best % PALETTE.length];
        return new Color(blend(base.getRed(), strength), blend(base.getGreen(), strength),
                blend(base.getBlue(), strength));
    }

    /** White blended with the predicted class's colour, the more the surer the model is. */
    private static Color regionColor(double probability) {
        Color base = probability > 0.5 ? BLUE : RED;
        double strength = 0.22 + 0.38 * Math.abs(2 * probability - 1);
        return new Color(blend(base.getRed(), strength), blend(base.getGreen(), strength),
                blend(base.getBlue(), strength));
    }

    private static int blend(int channel, double strength) {
        return (int) Math.round(255 + (channel - 255) * strength);
    }

    private static JFreeChart chart(String title, XYPlot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        return chart;
    }

    private static void write(Path file, JFreeChart chart) {
        write(file, chart, out -> out);
    }

    /**
     * Writes the PNG atomically (a failed write leaves an existing plot as it was), through
     * {@code wrap} (tests inject a failing stream).
     */
    static void write(Path file, JFreeChart chart, java.util.function.UnaryOperator<java.io.OutputStream> wrap) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFiles.write(file, out -> ChartUtils.writeChartAsPNG(wrap.apply(out), chart, WIDTH, HEIGHT));
        } catch (IOException e) {
            Throwable root = e; // ImageIO wraps the stream's own error ("I/O error writing PNG file!")
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new UncheckedIOException(new IOException("cannot write " + file + ": " + root, e));
        }
    }
}
