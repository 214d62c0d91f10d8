package dev.topiary.benchmarks;

import dev.topiary.runtime.train.Trainer;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.kernels.Kernels;
import java.util.Arrays;
import java.util.Locale;

/**
 * The seed CNN's headline figures as one JSON line, measured exactly as
 * {@code benchmarks/peer/pytorch_seed_cnn.py} measures PyTorch, so that
 * {@code benchmarks/peer/compare.py} can put them side by side:
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.topiary.benchmarks.SeedCnnFigures [--quick]}</pre>
 * Training: {@code Trainer.fit} (Adam 1e-3, batch 32) on rounds of 3,200 MNIST images, two
 * rounds of warm-up, the median of five; on 1 and 2 threads. Inference on one thread: the
 * median latency of single {@code predict(example, out)} calls over 1,024 images after 20,000
 * warm-up calls, and images per second of {@code predict(examples, 256, out)}.
 */
public final class SeedCnnFigures {
  private static final int IMAGES_PER_ROUND = 3200;

  private SeedCnnFigures() {}

  public static void main(String[] args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    int rounds = quick ? 2 : 5;
    Dataset data = MnistData.train();
    double train1 = training(data, 1, rounds);
    double train2 = training(data, 2, rounds);
    double[] inference = inference(quick ? 2000 : 10_000);
    System.out.println(String.format(Locale.ROOT, "{\"system\": \"Topiary (Java %s)\", "
        + "\"kernels\": \"%s\", "
        + "\"training_img_s_1t\": %.1f, \"training_img_s_2t\": %.1f, \"batch1_us\": %.2f, "
        + "\"batch256_img_s\": %.1f}", System.getProperty("java.version"),
        Kernels.implementation(), train1, train2, inference[0], inference[1]));
  }

  private static double training(Dataset data, int threads, int rounds) {
    Trainer trainer = Trainer.of(new TopiarySeedCnn(42)).adam(1e-3).batchSize(32)
        .progress(false).threads(threads);
    double[] rates = new double[rounds];
    int start = 0;
    for (int r = 0; r < rounds + 2; r++) {
      Dataset slice = data.slice(start, start + IMAGES_PER_ROUND);
      long t0 = System.nanoTime();
      trainer.fit(slice);
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (r >= 2) {
        rates[r - 2] = IMAGES_PER_ROUND / seconds;
      }
      start = (start + IMAGES_PER_ROUND) % (data.size() - IMAGES_PER_ROUND);
    }
    return median(rates);
  }

  private static double[] inference(int calls) {
    TopiarySeedCnn net = new TopiarySeedCnn(42);
    float[] images = MnistData.images(50_000, 1024);
    float[][] single = new float[1024][];
    for (int i = 0; i < 1024; i++) {
      single[i] = Arrays.copyOfRange(images, i * 784, (i + 1) * 784);
    }
    float[] out = new float[10];
    for (int i = 0; i < 20_000; i++) {
      net.predict(single[i & 1023], out);
    }
    double[] latencies = new double[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      net.predict(single[i & 1023], out);
      latencies[i] = (System.nanoTime() - t0) / 1e3;
    }
    float[] outs = new float[2560];
    for (int i = 0; i < 10; i++) {
      net.predict(images, 256, outs);
    }
    double[] rates = new double[Math.max(5, calls / 400)];
    for (int r = 0; r < rates.length; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 4; i++) {
        net.predict(images, 256, outs);
      }
      rates[r] = 4 * 256 / ((System.nanoTime() - t0) / 1e9);
    }
    return new double[] {median(latencies), median(rates)};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
