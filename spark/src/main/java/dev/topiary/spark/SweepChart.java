package dev.topiary.spark;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The sweep's figure, drawn headless with XChart as the main job's charts: test accuracy against
 * the measured weight sparsity, per variant the mean over seeds (line and markers) and the
 * min-max band over seeds (a translucent polygon in the same colour).
 */
final class SweepChart {
  static final String FILE = "accuracy-vs-sparsity.png";
  /** The main job's palette (samples' Charts): Tableau 10 without its olive and yellow. */
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e),
      new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b),
      new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0x393b79)};

  private SweepChart() {}

  /** Writes the chart as {@code dir/accuracy-vs-sparsity.png}. */
  static void write(Map<String, List<SweepSummary.Cell>> cells, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(560)
        .title("Accuracy against sparsity: mean over seeds, band from min to max")
        .xAxisTitle("weight sparsity of the exported model (%)").yAxisTitle("test accuracy (%)")
        .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(8);
    int i = 0;
    for (Map.Entry<String, List<SweepSummary.Cell>> e : cells.entrySet()) {
      Color colour = PALETTE[i++ % PALETTE.length];
      List<SweepSummary.Cell> list = e.getValue();
      int n = list.size();
      double[] x = new double[n];
      double[] mean = new double[n];
      double[] bandX = new double[2 * n];
      double[] bandY = new double[2 * n];
      for (int k = 0; k < n; k++) {
        SweepSummary.Cell c = list.get(k);
        x[k] = 100 * c.mean("sparsity");
        mean[k] = 100 * c.mean("accuracy");
        bandX[k] = x[k];
        bandY[k] = 100 * c.max("accuracy");
        bandX[2 * n - 1 - k] = x[k];
        bandY[2 * n - 1 - k] = 100 * c.min("accuracy");
      }
      XYSeries band = chart.addSeries(e.getKey() + " (min-max)", bandX, bandY);
      band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
      band.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 60));
      band.setLineColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 90));
      band.setMarker(SeriesMarkers.NONE);
      band.setShowInLegend(false);
      XYSeries line = chart.addSeries(e.getKey(), x, mean);
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setLineColor(colour);
      line.setMarkerColor(colour);
      line.setMarker(SeriesMarkers.CIRCLE);
    }
    BitmapEncoder.saveBitmap(chart, dir.resolve(FILE).toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
