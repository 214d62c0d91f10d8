package dev.topiary.benchmarks;

import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.inference.InferenceModel;
import java.io.File;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Batch-1 median of an export (a model file) with its Dense layers on AUTO and on DENSE kernels,
 * alternating, on random images with 80% zero pixels: the measurement behind
 * {@code KernelChoice.VECTOR_SPARSE_MAX_WEIGHT_DENSITY}.
 * <pre>java [--add-modules jdk.incubator.vector] -cp benchmarks/target/benchmarks.jar dev.topiary.benchmarks.KernelModeProbe target/topiary-report/pruned.topiary</pre>
 */
public final class KernelModeProbe {
  public static void main(String[] a) throws Exception {
    InferenceModel m = InferenceModel.load(new File(a[0]));
    SplittableRandom r = new SplittableRandom(1);
    float[][] img = new float[1000][784];
    for (float[] x : img) for (int i = 0; i < 784; i++) x[i] = r.nextDouble() < 0.8 ? 0f : (float) r.nextDouble();
    float[] out = new float[10];
    for (int round = 0; round < 3; round++) {
      for (KernelMode mode : new KernelMode[] {KernelMode.AUTO, KernelMode.DENSE}) {
        m.kernelMode(mode);
        for (int i = 0; i < 20000; i++) m.predict(img[i % 1000], out);
        long[] t = new long[5000];
        for (int i = 0; i < t.length; i++) { long s = System.nanoTime(); m.predict(img[i % 1000], out); t[i] = System.nanoTime() - s; }
        Arrays.sort(t);
        System.out.printf("%s round %d %s p50 %.1f us%n", a[0], round, mode, t[t.length / 2] / 1000.0);
      }
    }
  }
}
