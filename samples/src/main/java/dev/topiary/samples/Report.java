package dev.topiary.samples;

import dev.topiary.runtime.kernels.Kernels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The comparison's outputs: the aligned console table, report.md, report.json and the charts. */
@DesktopOnly
final class Report {
  static final String COLUMNS_EXPLAINED = String.join("\n",
      "- accuracy: share of the MNIST test images classified right (all 10,000 by default).",
      "- params: trainable parameters (kernels and biases) as declared; non-zero: those not"
          + " exactly 0 in the shipped model (after compaction); sparsity: 1 - non-zero / params.",
      "- act. zeros: share of exact zeros in all layers' outputs over the test set, weighted by"
          + " layer size.",
      "- file: the inference export (`InferenceModel`, Topiary's model file format: each tensor"
          + " dense or sparse, channel-pruned layers compacted); gzip: the same gzipped; dense: 4"
          + " bytes per declared parameter, for reference.",
      "- p50 / p99: single-image predict latency of the export loaded back, median and 99th"
          + " percentile over the timed calls after " + String.format(Locale.ROOT, "%,d",
          Measure.WARMUP_CALLS) + " warm-up calls, 1 thread.",
      "- batch 256: the export's predict throughput in batches of 256, 1 thread; train: training"
          + " images per second (Adam, batch 32, `Trainer` default threads).");

  private final List<VariantResult> results;
  private final int trainImages;
  private final int testImages;
  private final long seed;

  Report(List<VariantResult> results, int trainImages, int testImages, long seed) {
    this.results = results;
    this.trainImages = trainImages;
    this.testImages = testImages;
    this.seed = seed;
  }

  /** The aligned table, one row per variant. */
  String table() {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "%-14s %8s %9s %9s %8s %8s %10s %10s %10s %8s %8s %9s %8s%n", "variant", "accuracy",
        "params", "non-zero", "sparsity", "act.zero", "file B", "gzip B", "dense B", "p50 us",
        "p99 us", "b256 /s", "train/s"));
    for (VariantResult r : results) {
      s.append(String.format(Locale.ROOT,
          "%-14s %7.2f%% %9d %9d %7.1f%% %7.1f%% %10d %10d %10d %8.1f %8.1f %9.0f %8.0f%n", r.name,
          100 * r.accuracy, r.params, r.nonzeroParams, 100 * r.sparsity,
          100 * r.activationSparsity, r.fileBytes, r.gzipBytes, r.denseBytes, r.latencyP50Micros,
          r.latencyP99Micros, r.throughputPerSec, r.trainImagesPerSec));
    }
    return s.toString();
  }

  String json() {
    StringBuilder s = new StringBuilder("{\n  \"dataset\": ")
        .append(Json.string("MNIST (" + trainImages + " training, " + testImages
            + " test images)"))
        .append(",\n  \"seed\": ").append(seed)
        .append(",\n  \"javaVersion\": ").append(Json.string(System.getProperty("java.version")))
        .append(",\n  \"cores\": ").append(Runtime.getRuntime().availableProcessors())
        .append(",\n  \"kernels\": ").append(Json.string(Kernels.implementation()))
        .append(",\n  \"date\": ").append(Json.string(LocalDate.now().toString()))
        .append(",\n  \"variants\": [\n");
    for (int i = 0; i < results.size(); i++) {
      s.append("    ").append(results.get(i).toJson()).append(i + 1 < results.size() ? ",\n" : "\n");
    }
    return s.append("  ]\n}\n").toString();
  }

  /** The report as Markdown; {@code dir} is where the charts and a peer's ort.json lie. */
  String markdown(Path dir) {
    StringBuilder s = new StringBuilder("# Topiary comparison on MNIST\n\n")
        .append(String.format(Locale.ROOT, "Seed %d, %d training and %d test images, Java %s, %d "
            + "cores, %s kernels, %s.%n%n", seed, trainImages, testImages,
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
            Kernels.implementation(), LocalDate.now()))
        .append("| variant | accuracy | params | non-zero | sparsity | act. zeros | file B | gzip B "
            + "| dense B | p50 us | p99 us | batch 256 /s | train /s |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (VariantResult r : results) {
      s.append(String.format(Locale.ROOT, "| %s | %.2f%% | %,d | %,d | %.1f%% | %.1f%% | %,d | %,d "
          + "| %,d | %.1f | %.1f | %,.0f | %,.0f |%n", r.name, 100 * r.accuracy, r.params,
          r.nonzeroParams, 100 * r.sparsity, 100 * r.activationSparsity, r.fileBytes, r.gzipBytes,
          r.denseBytes, r.latencyP50Micros, r.latencyP99Micros, r.throughputPerSec,
          r.trainImagesPerSec));
    }
    s.append("\n").append(COLUMNS_EXPLAINED).append("\n\nVariants:\n");
    for (VariantResult r : results) {
      s.append("- ").append(r.name).append(": ").append(r.description).append('\n');
    }
    appendConfusion(s, results.get(0));
    PeerFigures peer = PeerFigures.read(dir);
    if (peer != null) {
      s.append(String.format(Locale.ROOT, "%nPeer (drawn in the charts, measured by the benchmarks"
          + " module's OrtFigures on the dense seed CNN, 1 thread): %s, batch-1 median %.1f us,"
          + " batch 256 %,.0f images/s.%n", peer.system, peer.batch1Micros, peer.batch256PerSec));
    }
    return s.append("\n![accuracy vs file size](accuracy-vs-size.png)\n\n")
        .append("![latency per variant](latency.png)\n\n")
        .append("![throughput per variant](throughput.png)\n").toString();
  }

  /** The first variant's (the original's) test-set confusion matrix as a Markdown table. */
  private static void appendConfusion(StringBuilder s, VariantResult r) {
    if (r.evaluation == null) {
      return;
    }
    int[][] m = r.evaluation.confusionMatrix();
    s.append(String.format(Locale.ROOT, "%nConfusion matrix of `%s` on the test set (rows: true"
        + " digit, columns: predicted; top-2 accuracy %.2f%%):%n%n| |", r.name,
        100 * r.evaluation.topK(2)));
    for (int p = 0; p < m.length; p++) {
      s.append(' ').append(p).append(" |");
    }
    s.append("\n|---|");
    for (int p = 0; p < m.length; p++) {
      s.append("---:|");
    }
    s.append('\n');
    for (int t = 0; t < m.length; t++) {
      s.append("| **").append(t).append("** |");
      for (int p = 0; p < m.length; p++) {
        s.append(' ').append(m[t][p]).append(" |");
      }
      s.append('\n');
    }
  }

  /** Writes report.md, report.json and the PNG charts into {@code dir}, each atomically. */
  void write(Path dir) throws IOException {
    writeAtomically(dir.resolve("report.json"), json());
    writeAtomically(dir.resolve("report.md"), markdown(dir));
    Charts.write(results, PeerFigures.read(dir), dir);
  }

  static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp"); // default permissions
    try {
      Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
