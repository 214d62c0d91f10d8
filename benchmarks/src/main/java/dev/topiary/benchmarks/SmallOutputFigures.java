package dev.topiary.benchmarks;

import dev.topiary.runtime.kernels.Activations;
import dev.topiary.runtime.kernels.Kernels;
import dev.topiary.runtime.kernels.MatMul;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The seed CNN's output layer at batch 1 (Dense 64 -> 10 and its softmax), as the inference
 * export runs it: the 64 x 10 product (plain loops: 10 columns are less than a vector), the same
 * kernel padded with zero columns to 64 x 16 (the Vector API product of one row), and the
 * softmax, alternately in one JVM, over 256 inputs of which half the entries are zero (a ReLU's):
 * <pre>{@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.topiary.benchmarks.SmallOutputFigures}</pre>
 * Prints nanoseconds per call, the best of six rounds of 200,000 calls.
 */
public final class SmallOutputFigures {
  private SmallOutputFigures() {}

  public static void main(String[] args) {
    SplittableRandom r = new SplittableRandom(3);
    float[][] xs = new float[256][64];
    for (float[] x : xs) {
      for (int i = 0; i < 64; i++) {
        x[i] = r.nextBoolean() ? (float) r.nextDouble() : 0f;
      }
    }
    float[] w = new float[640];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextDouble() - 0.5f;
    }
    float[] w16 = new float[64 * 16];
    for (int p = 0; p < 64; p++) {
      System.arraycopy(w, p * 10, w16, p * 16, 10);
    }
    float[] b = new float[10];
    float[] b16 = new float[16];
    float[] y = new float[10];
    float[] y16 = new float[16];
    double plain = Double.MAX_VALUE;
    double padded = Double.MAX_VALUE;
    double softmax = Double.MAX_VALUE;
    int calls = 200_000;
    for (int round = 0; round < 6; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        MatMul.mulAddBias(xs[i & 255], 0, w, b, y, 1, 64, 10);
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        MatMul.mulAddBias(xs[i & 255], 0, w16, b16, y16, 1, 64, 16);
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        System.arraycopy(xs[i & 255], 0, y, 0, 10);
        Activations.softmax(y, 1, 10);
      }
      long t3 = System.nanoTime();
      plain = Math.min(plain, (t1 - t0) / (double) calls);
      padded = Math.min(padded, (t2 - t1) / (double) calls);
      softmax = Math.min(softmax, (t3 - t2) / (double) calls);
    }
    System.out.printf(Locale.ROOT, "kernels %s, Java %s: Dense 64 -> 10 %.1f ns, padded to 64 x 16 "
        + "%.1f ns (%.2fx), softmax over 10 %.1f ns%n", Kernels.implementation(),
        System.getProperty("java.version"), plain, padded, padded / plain, softmax);
  }
}
