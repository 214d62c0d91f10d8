package dev.topiary.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** The report's PNG charts, drawn headless with XChart. */
@DesktopOnly
final class Charts {
  private Charts() {}

  static void write(List<VariantResult> results, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart scatter = new XYChartBuilder().width(800).height(500)
        .title("Accuracy vs model file size").xAxisTitle("model file (KiB)")
        .yAxisTitle("test accuracy (%)").build();
    scatter.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    scatter.getStyler().setMarkerSize(12);
    for (VariantResult r : results) {
      scatter.addSeries(r.name, new double[] {r.fileBytes / 1024.0},
          new double[] {100 * r.accuracy});
    }
    save(scatter, dir.resolve("accuracy-vs-size.png"));

    List<String> names = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    for (VariantResult r : results) {
      names.add(r.name);
      p50.add(r.latencyP50Micros);
      p99.add(r.latencyP99Micros);
    }
    CategoryChart bars = new CategoryChartBuilder().width(800).height(500)
        .title("Single-image predict latency").xAxisTitle("variant").yAxisTitle("microseconds")
        .build();
    bars.addSeries("median", names, p50);
    bars.addSeries("p99", names, p99);
    save(bars, dir.resolve("latency.png"));
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
