package dev.topiary.samples;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * The report's PNG charts, drawn headless with XChart: accuracy against file size, batch-1
 * latency and batch-256 throughput, each variant in a colour of its own, on log axes (the
 * variants span orders of magnitude), with ONNX Runtime's dense figures when the benchmarks
 * module has measured them ({@link PeerFigures}).
 */
@DesktopOnly
final class Charts {
  /** Distinct colours, one per variant in order (Tableau 10 without its olive and yellow). */
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e),
      new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b),
      new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0x393b79)};
  private static final Color PEER = Color.BLACK;

  private Charts() {}

  /** The colour of variant {@code i}. */
  static Color colour(int i) {
    return PALETTE[i % PALETTE.length];
  }

  static void write(List<VariantResult> results, PeerFigures peer, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    save(accuracyVsSize(results), dir.resolve("accuracy-vs-size.png"));
    save(latency(results, peer), dir.resolve("latency.png"));
    save(throughput(results, peer), dir.resolve("throughput.png"));
  }

  private static XYChart accuracyVsSize(List<VariantResult> results) {
    XYChart chart = new XYChartBuilder().width(900).height(520)
        .title("Accuracy vs model file size").xAxisTitle("model file (KiB, log scale)")
        .yAxisTitle("test accuracy (%)").build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(12);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    for (int i = 0; i < results.size(); i++) {
      VariantResult r = results.get(i);
      XYSeries s = chart.addSeries(r.name, new double[] {r.fileBytes / 1024.0},
          new double[] {100 * r.accuracy});
      s.setMarkerColor(colour(i));
    }
    return chart;
  }

  /** A bar per variant, each in its colour (legend beside, so no label crowds another). */
  private static CategoryChart latency(List<VariantResult> results, PeerFigures peer) {
    CategoryChart chart = bars("Single-image predict latency, median, 1 thread",
        "microseconds (log scale)");
    List<String> categories = List.of("batch 1, median (p99 in report.md)");
    for (int i = 0; i < results.size(); i++) {
      VariantResult r = results.get(i);
      chart.addSeries(r.name, categories, List.of(r.latencyP50Micros)).setFillColor(colour(i));
    }
    if (peer != null) {
      chart.addSeries(peer.system + ", dense", categories, List.of(peer.batch1Micros))
          .setFillColor(PEER);
    }
    return logRange(chart);
  }

  private static CategoryChart throughput(List<VariantResult> results, PeerFigures peer) {
    CategoryChart chart = bars("Predict throughput, batches of 256, 1 thread",
        "images per second (log scale)");
    List<String> categories = List.of("batch 256");
    for (int i = 0; i < results.size(); i++) {
      VariantResult r = results.get(i);
      chart.addSeries(r.name, categories, List.of(r.throughputPerSec)).setFillColor(colour(i));
    }
    if (peer != null) {
      chart.addSeries(peer.system + ", dense", categories, List.of(peer.batch256PerSec))
          .setFillColor(PEER);
    }
    return logRange(chart);
  }

  /**
   * Bars start from the axis minimum, which XChart takes as 0 unless told: a log axis needs the
   * decades around the data set explicitly.
   */
  private static CategoryChart logRange(CategoryChart chart) {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (org.knowm.xchart.CategorySeries s : chart.getSeriesMap().values()) {
      for (Number v : s.getYData()) {
        min = Math.min(min, v.doubleValue());
        max = Math.max(max, v.doubleValue());
      }
    }
    chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
    chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max))));
    return chart;
  }

  private static CategoryChart bars(String title, String yTitle) {
    CategoryChart chart = new CategoryChartBuilder().width(900).height(520).title(title)
        .yAxisTitle(yTitle).build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setOverlapped(false);
    return chart;
  }

  private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path target)
      throws IOException {
    Path tmp = target.resolveSibling("tmp-" + target.getFileName()); // default permissions
    try {
      BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
