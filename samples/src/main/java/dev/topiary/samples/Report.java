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

  String markdown() {
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
    return s.append("\n![accuracy vs file size](accuracy-vs-size.png)\n\n")
        .append("![latency per variant](latency.png)\n").toString();
  }

  /** Writes report.md, report.json and the PNG charts into {@code dir}, each atomically. */
  void write(Path dir) throws IOException {
    writeAtomically(dir.resolve("report.json"), json());
    writeAtomically(dir.resolve("report.md"), markdown());
    Charts.write(results, dir);
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
