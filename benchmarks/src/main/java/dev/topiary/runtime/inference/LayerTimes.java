package dev.topiary.runtime.inference;

import dev.topiary.architecture.LayerDescription;

import dev.topiary.runtime.sparse.KernelChoice;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where an {@link InferenceModel}'s batch-1 time goes, op by op, against each op's non-zero
 * multiply-adds:
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.topiary.runtime.inference.LayerTimes [DIR] [images]}</pre>
 * For {@code original}, {@code pruned} and {@code structured}{@code .topiary} in DIR (default
 * {@code target/topiary-report}, the main job's exports): runs MNIST training images 50,000 on one
 * at a time, op after op as {@code InferenceModel.forward} does, timing each op with
 * {@code System.nanoTime} (about 20 ns per reading, included); 20,000 warm-up images first, then
 * the median of each op over {@code images} (default 20,000) calls, and of the whole
 * {@code predict(example, out)} in the same loop. Non-zero multiply-adds: for a conv, its
 * non-zero weights times its output positions (the fused kernel computes every conv position of
 * the pooled windows); for a Dense layer, the non-zero weights in the rows of its non-zero
 * inputs, the mean over the images; also timed: {@code KernelChoice.density} over the Dense
 * layer's inputs (the sparse product's per-call choice scanned them before the list path). The
 * multiply-adds are counted during the last 1,024 warm-up images, not between timed calls:
 * counting reads whole kernels, which evicted the timed ops' data from the caches (until
 * 2026-12-06 the figures were taken so, 10-40% slower than predict's own). At
 * batch 1 a conv op followed by a Dense op lists its non-zero outputs for the Dense op instead of
 * writing them: its time includes the listing, and the Dense op's input buffer stays unused.
 */
public final class LayerTimes {
  private LayerTimes() {}

  public static void main(String[] args) throws IOException {
    File dir = new File(args.length > 0 ? args[0] : "target/topiary-report");
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    float[] images = dev.topiary.benchmarks.MnistData.images(50_000, 1024);
    System.out.printf(Locale.ROOT, "Java %s, load average %.2f%n",
        System.getProperty("java.version"), load());
    for (String variant : new String[] {"original", "pruned", "structured"}) {
      InferenceModel model = InferenceModel.load(new File(dir, variant + ".topiary"));
      time(variant, model, images, calls);
    }
    System.out.printf(Locale.ROOT, "load average %.2f%n", load());
  }

  private static void time(String variant, InferenceModel model, float[] images, int calls) {
    List<Op> ops = model.ops();
    int n = ops.size();
    float[][] buffers = new float[n + 1][];
    for (int i = 0; i < n; i++) {
      buffers[i + 1] = new float[Math.max(ops.get(i).desc.outSize(),
          ops.get(i) instanceof ConvPoolOp ? ((ConvPoolOp) ops.get(i)).pool().outSize() : 0)];
    }
    double[][] us = new double[n + 2][calls];
    double[] macs = new double[n];
    float[] one = new float[784];
    float[] out = new float[model.outputSize()];
    for (int i = -20_000; i < calls; i++) {
      System.arraycopy(images, ((i + 20_000) % 1024) * 784, one, 0, 784);
      buffers[0] = one;
      for (int o = 0; o < n; o++) {
        Op op = ops.get(o);
        float[] x = buffers[o];
        float[] y = buffers[o + 1];
        if (op.inPlace()) {
          System.arraycopy(x, 0, y, 0, op.desc.inSize());
          x = y;
        }
        long t0 = System.nanoTime();
        op.forward(x, 0, y, 1);
        long t1 = System.nanoTime();
        if (i >= 0) {
          us[o][i] = (t1 - t0) / 1e3;
        }
        if (i < 0 && i >= -1024) { // counted during the warm-up: the count reads whole kernels
          if (o > 0 && ops.get(o - 1) instanceof ConvPoolOp && op instanceof DenseOp) {
            // at batch 1 the conv op lists its output instead of writing it: run the image
            // once more, untimed, through the batch path, which writes it
            float[] two = new float[2 * 784];
            System.arraycopy(one, 0, two, 0, 784);
            System.arraycopy(one, 0, two, 784, 784);
            float[] pooled = new float[2 * op.desc.inSize()];
            ops.get(o - 1).forward(two, 0, pooled, 2);
            macs[o] += multiplyAdds(op, pooled) / 1024.0;
          } else {
            macs[o] += multiplyAdds(op, x) / 1024.0;
          }
        }
      }
      // the density scan the sparse Dense product runs per call, over the first Dense's input
      int d = firstDense(ops);
      long t0 = System.nanoTime();
      double density = KernelChoice.density(buffers[d], 0, ops.get(d).desc.inSize());
      long t1 = System.nanoTime();
      model.predict(one, out);
      long t2 = System.nanoTime();
      if (i >= 0) {
        us[n][i] = (t1 - t0) / 1e3 + density * 0;
        us[n + 1][i] = (t2 - t1) / 1e3;
      }
    }
    System.out.printf(Locale.ROOT, "%n%s: predict(example, out) p50 %.2f us%n", variant,
        median(us[n + 1]));
    System.out.println("| op | p50 us | non-zero multiply-adds | ns per multiply-add |");
    System.out.println("|---|---:|---:|---:|");
    double sum = 0;
    for (int o = 0; o < n; o++) {
      Op op = ops.get(o);
      double t = median(us[o]);
      sum += t;
      String name = op.desc.name() + (op instanceof ConvPoolOp ? " + " + ((ConvPoolOp) op).pool().name()
          : "") + " (" + op.getClass().getSimpleName() + (op instanceof DenseOp
          ? ((DenseOp) op).sparse() ? ", sparse" : ", dense" : "") + ")";
      System.out.printf(Locale.ROOT, "| %s | %.2f | %,.0f | %.3f |%n", name, t, macs[o],
          macs[o] == 0 ? 0 : t * 1e3 / macs[o]);
    }
    System.out.printf(Locale.ROOT, "| sum of the ops | %.2f | | |%n", sum);
    System.out.printf(Locale.ROOT, "| (KernelChoice.density over the first Dense's %d inputs) | "
        + "%.2f | | |%n", ops.get(firstDense(ops)).desc.inSize(), median(us[n]));
  }

  private static int firstDense(List<Op> ops) {
    for (int o = 0; o < ops.size(); o++) {
      if (ops.get(o) instanceof DenseOp) {
        return o;
      }
    }
    return 0;
  }

  /** The op's non-zero multiply-adds for input {@code x} (one example). */
  private static long multiplyAdds(Op op, float[] x) {
    LayerDescription d = op.desc;
    if (op instanceof ConvPoolOp) {
      return nonZero(op.kernel()) * (long) d.out(0) * d.out(1);
    }
    if (op instanceof DenseOp) {
      float[] k = op.kernel();
      int units = d.outputChannels();
      long n = 0;
      for (int p = 0; p < d.inSize(); p++) {
        if (x[p] != 0f) {
          for (int j = 0; j < units; j++) {
            n += k[p * units + j] != 0f ? 1 : 0;
          }
        }
      }
      return n;
    }
    return 0;
  }

  private static long nonZero(float[] v) {
    long n = 0;
    for (float f : v) {
      n += f != 0f ? 1 : 0;
    }
    return n;
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage();
  }
}
