package dev.topiary.samples;

import dev.topiary.runtime.Predictor;
import dev.topiary.runtime.data.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** The measurements of the comparison: sizes, latency and throughput of a trained model. */
@DesktopOnly
final class Measure {
  /**
   * Untimed predictions before latency is timed: enough for C2 to have compiled the whole predict
   * path of the first model measured in a JVM (2,000 left the first variant of a run ~1.4x slower
   * than the same network measured later).
   */
  static final int WARMUP_CALLS = 10_000;

  private Measure() {}

  /** The size of {@code file} once gzipped (default level), as a user would ship it. */
  static long gzipBytes(Path file) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(Files.readAllBytes(file));
    }
    return bytes.size();
  }

  /**
   * Single-example predict latency in microseconds, sorted: {@code warmup} calls first, then
   * {@code count} timed ones cycling through the first examples of {@code data}.
   */
  static double[] latencyMicros(Predictor network, Dataset data, int warmup, int count) {
    float[][] examples = new float[Math.min(data.size(), 1000)][];
    for (int i = 0; i < examples.length; i++) {
      examples[i] = data.example(i);
    }
    for (int i = 0; i < warmup; i++) {
      network.predict(examples[i % examples.length]);
    }
    double[] micros = new double[count];
    for (int i = 0; i < count; i++) {
      long t = System.nanoTime();
      network.predict(examples[i % examples.length]);
      micros[i] = (System.nanoTime() - t) / 1e3;
    }
    Arrays.sort(micros);
    return micros;
  }

  /** The {@code q} quantile (0..1) of sorted values, nearest rank. */
  static double quantile(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Images per second predicting batches of {@code batch} over {@code data}, after one warm-up pass. */
  static double throughput(Predictor network, Dataset data, int batch, int passes) {
    int n = (data.size() / batch) * batch;
    if (n == 0) {
      return 0;
    }
    float[] out = new float[batch * network.outputSize()];
    float[] x = new float[batch * network.inputSize()];
    long start = 0;
    for (int pass = -1; pass < passes; pass++) {
      if (pass == 0) {
        start = System.nanoTime();
      }
      for (int b = 0; b < n; b += batch) {
        System.arraycopy(data.features(), data.featureOffset() + b * network.inputSize(), x, 0,
            x.length);
        network.predict(x, batch, out);
      }
    }
    return (double) n * passes * 1e9 / (System.nanoTime() - start);
  }
}
