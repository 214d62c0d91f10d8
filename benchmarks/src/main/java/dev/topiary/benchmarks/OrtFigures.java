package dev.topiary.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.inference.OnnxExport;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The main job's seed CNN exports against ONNX Runtime on the same weights, in one process,
 * alternating, 1 thread:
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.topiary.benchmarks.OrtFigures [--models DIR] [--rounds 5] [--quick]}</pre>
 * DIR (default {@code target/topiary-report}) holds {@code original.topiary}, {@code pruned.topiary}
 * and {@code structured.topiary} as the main job writes them ({@code java -jar
 * samples/target/topiary-samples.jar compare --variants original,pruned,structured}). Each is
 * written as ONNX by {@link OnnxExport} next to it and run by ONNX Runtime (its CPU provider, all
 * graph optimisations, one intra-op thread, the input and output tensors allocated once), and by
 * Topiary's {@link InferenceModel} loaded from the file.
 *
 * <p>First a check that fails the run: on 1,024 MNIST training images (50,000 on), ONNX
 * Runtime's outputs must equal Topiary's within 1e-4, one image at a time and in batches of 256.
 * Then every round measures each system in turn: the median of 2,000 single-image calls (batch-1
 * latency), and images per second of batches of 256. Warm-up first: 10,000 single calls and 20
 * batches each. Prints a table of the medians over the rounds with ratios to ONNX Runtime's dense
 * model, and a last line of JSON for {@code benchmarks/peer/compare.py}.
 */
public final class OrtFigures {
  private static final float TOLERANCE = 1e-4f;
  private static final int IMAGES = 1024;
  private static final int BATCH = 256;

  /** One way to run a model: batch 1 into {@code out}, or {@code count} images. */
  interface Runner {
    void predict(float[] images, int offset, int count, float[] out) throws OrtException;
  }

  private OrtFigures() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    File dir = new File(option(a, "--models", "target/topiary-report"));
    boolean quick = a.contains("--quick");
    int rounds = Integer.parseInt(option(a, "--rounds", quick ? "2" : "5"));
    float[] images = MnistData.images(50_000, IMAGES);

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<String> names = new ArrayList<>();
    List<Runner> runners = new ArrayList<>();
    for (String variant : new String[] {"original", "pruned", "structured"}) {
      File topiary = new File(dir, variant + ".topiary");
      if (!topiary.isFile()) {
        throw new IllegalStateException("expected the main job's export " + topiary + "; run "
            + "java -jar samples/target/topiary-samples.jar compare --variants "
            + "original,pruned,structured");
      }
      File onnx = new File(dir, variant + ".onnx");
      OnnxExport.write(topiary, onnx);
      InferenceModel model = InferenceModel.load(topiary);
      Runner ort = ortRunner(env, onnx);
      check(variant, model, ort, images);
      names.add("ort-" + variant);
      runners.add(ort);
      names.add("topiary-" + variant);
      runners.add(topiaryRunner(model));
    }

    double[][] p50 = new double[runners.size()][rounds];
    double[][] rate = new double[runners.size()][rounds];
    int singles = quick ? 2000 : 10_000;
    for (Runner r : runners) {
      warmUp(r, images, singles);
    }
    double loadBefore = loadAverage();
    for (int round = 0; round < rounds; round++) {
      for (int s = 0; s < runners.size(); s++) {
        p50[s][round] = batch1(runners.get(s), images, 2000);
        rate[s][round] = batch256(runners.get(s), images, quick ? 8 : 20);
      }
      System.err.printf(Locale.ROOT, "round %d done%n", round + 1);
    }
    double loadAfter = loadAverage();
    print(dir, env.getVersion(), names, p50, rate, rounds, loadBefore, loadAfter);
  }

  static Runner ortRunner(OrtEnvironment env, File onnx) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    OrtSession session = env.createSession(onnx.getPath(), options);
    // direct buffers wrapped once: ORT reads the input and writes the output in place
    FloatBuffer in1 = direct(784);
    FloatBuffer out1 = direct(10);
    FloatBuffer inB = direct(BATCH * 784);
    FloatBuffer outB = direct(BATCH * 10);
    Map<String, OnnxTensor> input1 = Collections.singletonMap(OnnxExport.INPUT,
        OnnxTensor.createTensor(env, in1, new long[] {1, 28, 28, 1}));
    Map<String, OnnxTensor> output1 = Collections.singletonMap(OnnxExport.OUTPUT,
        OnnxTensor.createTensor(env, out1, new long[] {1, 10}));
    Map<String, OnnxTensor> inputB = Collections.singletonMap(OnnxExport.INPUT,
        OnnxTensor.createTensor(env, inB, new long[] {BATCH, 28, 28, 1}));
    Map<String, OnnxTensor> outputB = Collections.singletonMap(OnnxExport.OUTPUT,
        OnnxTensor.createTensor(env, outB, new long[] {BATCH, 10}));
    return (x, off, count, out) -> {
      if (count != 1 && count != BATCH) {
        throw new IllegalArgumentException("ORT runner: batch 1 or " + BATCH + ", found " + count);
      }
      FloatBuffer in = count == 1 ? in1 : inB;
      FloatBuffer o = count == 1 ? out1 : outB;
      in.clear();
      in.put(x, off, count * 784);
      try (OrtSession.Result r = session.run(count == 1 ? input1 : inputB,
          count == 1 ? output1 : outputB)) {
        o.clear();
        o.get(out, 0, count * 10);
      }
    };
  }

  private static Runner topiaryRunner(InferenceModel model) {
    float[] one = new float[784];
    float[] batch = new float[BATCH * 784];
    return (x, off, count, out) -> {
      if (count == 1) {
        System.arraycopy(x, off, one, 0, 784);
        model.predict(one, out);
      } else {
        System.arraycopy(x, off, batch, 0, count * 784);
        model.predict(batch, count, out);
      }
    };
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /** Fails unless ORT's outputs equal the model's within {@link #TOLERANCE}, batch 1 and 256. */
  private static void check(String variant, InferenceModel model, Runner ort, float[] images)
      throws OrtException {
    float[] expected = new float[IMAGES * 10];
    model.predict(images, IMAGES, expected);
    float[] got = new float[10];
    float worst = 0;
    for (int i = 0; i < IMAGES; i++) {
      ort.predict(images, i * 784, 1, got);
      for (int j = 0; j < 10; j++) {
        worst = Math.max(worst, Math.abs(got[j] - expected[i * 10 + j]));
      }
    }
    float[] batch = new float[BATCH * 10];
    for (int b = 0; b < IMAGES; b += BATCH) {
      ort.predict(images, b * 784, BATCH, batch);
      for (int j = 0; j < BATCH * 10; j++) {
        worst = Math.max(worst, Math.abs(batch[j] - expected[b * 10 + j]));
      }
    }
    // Topiary's own batch-1 path must agree with its batched one as well
    float[] one = new float[10];
    for (int i = 0; i < IMAGES; i++) {
      model.predict(Arrays.copyOfRange(images, i * 784, (i + 1) * 784), one);
      for (int j = 0; j < 10; j++) {
        worst = Math.max(worst, Math.abs(one[j] - expected[i * 10 + j]));
      }
    }
    if (!(worst <= TOLERANCE)) {
      throw new IllegalStateException(variant + ": ONNX Runtime and Topiary differ by " + worst
          + " on MNIST (expected at most " + TOLERANCE + ")");
    }
    System.err.printf(Locale.ROOT, "%s: ONNX Runtime = Topiary on %d MNIST images, largest "
        + "difference %.2e (batch 1 and %d)%n", variant, IMAGES, worst, BATCH);
  }

  private static void warmUp(Runner r, float[] images, int singles) throws OrtException {
    float[] out = new float[BATCH * 10];
    for (int i = 0; i < singles; i++) {
      r.predict(images, (i % IMAGES) * 784, 1, out);
    }
    for (int i = 0; i < 20; i++) {
      r.predict(images, (i % (IMAGES / BATCH)) * BATCH * 784, BATCH, out);
    }
  }

  private static double batch1(Runner r, float[] images, int calls) throws OrtException {
    float[] out = new float[10];
    double[] us = new double[calls];
    for (int i = 0; i < calls; i++) {
      int off = (i % IMAGES) * 784;
      long t0 = System.nanoTime();
      r.predict(images, off, 1, out);
      us[i] = (System.nanoTime() - t0) / 1e3;
    }
    return median(us);
  }

  private static double batch256(Runner r, float[] images, int batches) throws OrtException {
    float[] out = new float[BATCH * 10];
    long t0 = System.nanoTime();
    for (int i = 0; i < batches; i++) {
      r.predict(images, (i % (IMAGES / BATCH)) * BATCH * 784, BATCH, out);
    }
    return batches * BATCH / ((System.nanoTime() - t0) / 1e9);
  }

  private static void print(File dir, String ortVersion, List<String> names, double[][] p50,
      double[][] rate, int rounds, double loadBefore, double loadAfter) throws java.io.IOException {
    int ortDense = names.indexOf("ort-original");
    double baseP50 = median(p50[ortDense]);
    double baseRate = median(rate[ortDense]);
    System.out.printf(Locale.ROOT, "ONNX Runtime %s, Java %s, 1 thread; medians of %d "
        + "alternating rounds; load average %.2f before, %.2f after%n", ortVersion,
        System.getProperty("java.version"), rounds, loadBefore, loadAfter);
    System.out.println("| system | batch-1 p50 us | x ORT dense | batch 256 img/s | x ORT dense |"
        + " rounds (p50 us) |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    StringBuilder json = new StringBuilder();
    for (int s = 0; s < names.size(); s++) {
      double p = median(p50[s]);
      double r = median(rate[s]);
      StringBuilder each = new StringBuilder();
      for (double v : p50[s]) {
        each.append(each.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.1f", v));
      }
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %,.0f | %.2f | %s |%n", names.get(s), p,
          p / baseP50, r, r / baseRate, each);
      json.append(json.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
          "\"%s\": {\"batch1_us\": %.2f, \"batch256_img_s\": %.1f}", names.get(s), p, r));
    }
    String line = String.format(Locale.ROOT, "{\"system\": \"ONNX Runtime %s / Topiary (Java "
        + "%s)\", \"load_before\": %.2f, \"load_after\": %.2f, \"figures\": {%s}}%n",
        ortVersion, System.getProperty("java.version"), loadBefore, loadAfter, json);
    System.out.print(line);
    // The main job's report draws ONNX Runtime's figures from this file when it finds it.
    java.nio.file.Path target = dir.toPath().resolve("ort.json");
    java.nio.file.Path tmp = dir.toPath().resolve("ort.json.tmp");
    java.nio.file.Files.write(tmp, line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.err.println("wrote " + target); // stdout's last line stays the JSON compare.py reads
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage();
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
