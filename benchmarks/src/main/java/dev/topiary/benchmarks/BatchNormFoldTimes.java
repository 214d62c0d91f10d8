package dev.topiary.benchmarks;

import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.inference.InferenceModel;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What folding BatchNormalization into the Conv2D before it buys at inference: batch-1 predict
 * of {@link BnCnn} as the network runs it (conv, the normalization with its moving statistics,
 * ReLU and max pooling as four passes) against its export (the normalization folded into the
 * conv's kernel and bias, the ReLU into its activation, so conv and pooling run fused), in one
 * process, alternating, after warm-up; and the bytes each network predict allocates.
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.topiary.benchmarks.BatchNormFoldTimes}</pre>
 * Weights are random (Glorot), gammas near 1, moving statistics of the scale of the conv's
 * outputs, images uniform in [0, 1): the work per layer is MNIST's, not the sparsity.
 */
public final class BatchNormFoldTimes {
  private BatchNormFoldTimes() {}

  public static void main(String[] args) {
    TopiaryBnCnn net = new TopiaryBnCnn(42);
    SplittableRandom r = new SplittableRandom(1);
    for (Parameter p : net.parameters()) {
      if (p.name.equals("bn/gamma")) {
        for (int i = 0; i < p.value.length; i++) {
          p.value[i] = (float) (0.8 + 0.4 * r.nextDouble());
        }
      }
    }
    for (Parameter p : net.nonTrainableWeights()) {
      for (int i = 0; i < p.value.length; i++) {
        p.value[i] = (float) (p.name.endsWith("variance") ? 0.05 + 0.1 * r.nextDouble()
            : 0.2 * r.nextDouble() - 0.1);
      }
    }
    net.weightsChanged();
    InferenceModel export = InferenceModel.of(net);
    float[][] images = new float[64][784];
    for (float[] image : images) {
      for (int i = 0; i < image.length; i++) {
        image[i] = (float) r.nextDouble();
      }
    }
    float[] a = new float[10];
    float[] b = new float[10];
    double worst = 0;
    for (float[] image : images) {
      net.predict(image, a);
      export.predict(image, b);
      for (int j = 0; j < 10; j++) {
        worst = Math.max(worst, Math.abs(a[j] - b[j]));
      }
    }
    System.out.println(export.architecture());
    System.out.printf(Locale.ROOT, "largest difference between the outputs: %.2e%n", worst);
    long[] netTimes = new long[7];
    long[] exportTimes = new long[7];
    for (int round = 0; round < 7; round++) { // the first two rounds are warm-up
      netTimes[round] = time(() -> net.predict(images[0], a), images, net::predict, a);
      exportTimes[round] = time(() -> export.predict(images[0], b), images, export::predict, b);
    }
    long netMedian = median(Arrays.copyOfRange(netTimes, 2, 7));
    long exportMedian = median(Arrays.copyOfRange(exportTimes, 2, 7));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (int i = 0; i < 10_000; i++) {
      net.predict(images[i & 63], a);
    }
    long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    System.out.printf(Locale.ROOT, "batch-1 predict, median of 5 rounds of 20,000: network "
        + "(BatchNormalization unfolded) %.2f us, export (folded, conv+pool fused) %.2f us, "
        + "ratio %.2fx; network predict allocates %.2f bytes per call; load average %.2f%n",
        netMedian / 1e3, exportMedian / 1e3, (double) netMedian / exportMedian,
        allocated / 1e4, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private interface Predict {
    void run(float[] image, float[] out);
  }

  /** Nanoseconds per call over 20,000 calls cycling through the images. */
  private static long time(Runnable warm, float[][] images, Predict predict, float[] out) {
    warm.run();
    long start = System.nanoTime();
    for (int i = 0; i < 20_000; i++) {
      predict.run(images[i & 63], out);
    }
    return (System.nanoTime() - start) / 20_000;
  }

  private static long median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
