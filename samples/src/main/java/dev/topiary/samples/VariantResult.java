package dev.topiary.samples;

import dev.topiary.runtime.Evaluation;

import java.util.Locale;

/** One variant's row of the comparison: every figure the report shows, as measured. */
final class VariantResult {
  String name;
  String description;
  /** The evaluation of the test set, with its confusion matrix (not in report.json). */
  Evaluation evaluation;
  double accuracy;
  long params;
  long nonzeroParams;
  double sparsity;
  double activationSparsity;
  long fileBytes;
  long gzipBytes;
  long denseBytes;
  double latencyP50Micros;
  double latencyP99Micros;
  double throughputPerSec;
  double trainImagesPerSec;
  int epochs;
  /** What the inference export removed, for the console and report.md (not in report.json). */
  String compaction = "";

  /** The JSON object with exactly the keys report.json promises. */
  String toJson() {
    return String.format(Locale.ROOT, "{\"name\": %s, \"accuracy\": %.6f, \"params\": %d, "
        + "\"nonzeroParams\": %d, \"sparsity\": %.6f, \"activationSparsity\": %.6f, "
        + "\"fileBytes\": %d, \"gzipBytes\": %d, \"denseBytes\": %d, \"latencyP50Micros\": %.3f, "
        + "\"latencyP99Micros\": %.3f, \"throughputPerSec\": %.1f, \"trainImagesPerSec\": %.1f, "
        + "\"epochs\": %d}", Json.string(name), accuracy, params, nonzeroParams, sparsity,
        activationSparsity, fileBytes, gzipBytes, denseBytes, latencyP50Micros, latencyP99Micros,
        throughputPerSec, trainImagesPerSec, epochs);
  }
}
