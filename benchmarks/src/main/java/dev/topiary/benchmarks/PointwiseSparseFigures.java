package dev.topiary.benchmarks;

import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.sparse.SparseKernel;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.prune.GlobalPruning;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Whether a pruned pointwise convolution pays as a sparse product: {@link SeparableBlock}'s
 * export with its pointwise kernel pruned to 0%, 80%, 90% and 95% (by magnitude), timed with
 * {@code KernelMode.DENSE} and {@code KernelMode.SPARSE} alternating in one JVM, best of the
 * rounds (a shared machine only slows a round), at batch 1 and batch 32:
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.topiary.benchmarks.PointwiseSparseFigures [rounds]}</pre>
 * Prints microseconds per image and the ratio dense / sparse (above 1: sparse is faster), with
 * the load average; then the pointwise product alone ({@code MatMul.mulAddBias} against
 * {@code SparseKernel.mulAddBias} over the depthwise output's {@code 196 * batch} rows), where
 * the depthwise part, the same on both paths, does not dilute the ratio.
 */
public final class PointwiseSparseFigures {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    System.out.println("load average: " + loadAverage());
    System.out.println("sparsity batch  dense us/img  sparse us/img  dense/sparse");
    for (double sparsity : new double[] {0, 0.8, 0.9, 0.95}) {
      TopiarySeparableBlock net = new TopiarySeparableBlock(1);
      for (Parameter p : net.parameters()) {
        if (p.name.equals("block/pointwise_kernel") && sparsity > 0) {
          GlobalPruning.prune(List.of(p.value), sparsity);
        }
      }
      net.weightsChanged();
      InferenceModel model = InferenceModel.of(net);
      for (int batch : new int[] {1, 32}) {
        float[] x = new float[batch * net.inputSize()];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) Math.max(0, r.nextDouble() * 2 - 1); // ReLU-like inputs
        }
        float[] out = new float[batch * net.outputSize()];
        long dense = Long.MAX_VALUE;
        long sparse = Long.MAX_VALUE;
        int images = 0;
        for (int round = 0; round < rounds; round++) {
          images = Math.max(32, 256 / batch) * batch;
          dense = Math.min(dense, time(model, KernelMode.DENSE, x, batch, out, images));
          sparse = Math.min(sparse, time(model, KernelMode.SPARSE, x, batch, out, images));
        }
        System.out.printf(Locale.ROOT, "%8.2f %5d %13.1f %14.1f %13.2f%n", sparsity, batch,
            dense / 1e3 / images, sparse / 1e3 / images, (double) dense / sparse);
      }
    }
    System.out.println("pointwise product alone (196*batch x 64 times 64 x 128):");
    System.out.println("sparsity batch  dense us/img  sparse us/img  dense/sparse");
    for (double sparsity : new double[] {0.8, 0.9, 0.95}) {
      float[] w = new float[64 * 128];
      SplittableRandom r = new SplittableRandom(3);
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (r.nextDouble() - 0.5);
      }
      GlobalPruning.prune(List.of(w), sparsity);
      SparseKernel sk = SparseKernel.prepare(w, 64, 128, true);
      float[] bias = new float[128];
      for (int batch : new int[] {1, 32}) {
        int rows = 196 * batch;
        float[] mid = new float[rows * 64];
        for (int i = 0; i < mid.length; i++) {
          mid[i] = (float) Math.max(0, r.nextDouble() * 2 - 1);
        }
        float[] y = new float[rows * 128];
        int reps = Math.max(4, 128 / batch);
        long dense = Long.MAX_VALUE;
        long sparse = Long.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
          long t0 = System.nanoTime();
          for (int k = 0; k < reps; k++) {
            MatMul.mulAddBias(mid, 0, w, bias, y, rows, 64, 128);
          }
          long t1 = System.nanoTime();
          for (int k = 0; k < reps; k++) {
            sk.mulAddBias(mid, 0, bias, y, rows);
          }
          long t2 = System.nanoTime();
          dense = Math.min(dense, t1 - t0);
          sparse = Math.min(sparse, t2 - t1);
        }
        int images = reps * batch;
        System.out.printf(Locale.ROOT, "%8.2f %5d %13.1f %14.1f %13.2f%n", sparsity, batch,
            dense / 1e3 / images, sparse / 1e3 / images, (double) dense / sparse);
      }
    }
    System.out.println("load average: " + loadAverage());
  }

  private static long time(InferenceModel model, KernelMode mode, float[] x, int batch,
      float[] out, int images) {
    model.kernelMode(mode);
    long t0 = System.nanoTime();
    for (int done = 0; done < images; done += batch) {
      model.predict(x, batch, out);
    }
    return System.nanoTime() - t0;
  }

  private static String loadAverage() {
    try {
      return new String(Files.readAllBytes(Paths.get("/proc/loadavg"))).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
