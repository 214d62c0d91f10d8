package dev.topiary.runtime.inference;

import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.kernels.Kernels;
import java.io.File;
import java.util.Arrays;
import java.util.Locale;

/**
 * The lane layout (a pruned conv + pool and the Dense after it, sixteen images at once) against
 * the same export with {@link KernelMode#DENSE} (the batch kernels: the vector conv and dense
 * products), in one JVM, alternating, the best of 25 rounds over 4,096 MNIST test images:
 * <pre>{@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.topiary.runtime.inference.LaneAB [models dir] [batch] [variants] [auto|sparse]}</pre>
 * {@code sparse} forces the lane layout (to find where it stops paying); {@code auto} runs what
 * {@code KernelChoice.lanes} picks. Prints images per second of each and their ratio, and the
 * largest difference between the two outputs.
 */
public final class LaneAB {
  public static void main(String[] args) throws Exception {
    File dir = new File(args.length > 0 ? args[0] : "target/topiary-report");
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    String[] variants = (args.length > 2 ? args[2] : "original,pruned,structured").split(",");
    KernelMode mode = args.length > 3 && args[3].equals("sparse") ? KernelMode.SPARSE
        : KernelMode.AUTO;
    float[] images = dev.topiary.benchmarks.MnistData.images(0, 4096);
    int calls = 4096 / batch;
    System.out.printf(Locale.ROOT, "kernels %s, batch %d, mode %s, load average %.2f%n",
        Kernels.implementation(), batch, mode, load());
    for (String v : variants) {
      InferenceModel lanes = InferenceModel.load(new File(dir, v + ".topiary"));
      lanes.kernelMode(mode);
      InferenceModel dense = lanes.copy();
      dense.kernelMode(KernelMode.DENSE);
      float[][] inputs = new float[calls][];
      for (int c = 0; c < calls; c++) {
        inputs[c] = Arrays.copyOfRange(images, c * batch * 784, (c + 1) * batch * 784);
      }
      float[] a = new float[batch * 10];
      float[] b = new float[batch * 10];
      long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
      for (int round = 0; round < 30; round++) {
        for (int k = 0; k < 2; k++) {
          InferenceModel m = k == 0 ? lanes : dense;
          float[] out = k == 0 ? a : b;
          long t0 = System.nanoTime();
          for (float[] in : inputs) {
            m.predict(in, batch, out);
          }
          long t = System.nanoTime() - t0;
          if (round >= 5) {
            best[k] = Math.min(best[k], t);
          }
        }
      }
      float worst = 0;
      for (int i = 0; i < a.length; i++) {
        worst = Math.max(worst, Math.abs(a[i] - b[i]));
      }
      double n = (double) calls * batch;
      System.out.printf(Locale.ROOT, "%-11s %s: %,.0f img/s, dense kernels: %,.0f img/s, "
          + "ratio %.2f, max |difference| %.1e%n", v, mode == KernelMode.SPARSE ? "lanes"
          : "auto", n / (best[0] / 1e9), n / (best[1] / 1e9), (double) best[1] / best[0], worst);
    }
    System.out.printf(Locale.ROOT, "load average %.2f%n", load());
  }

  private static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage();
  }
}
