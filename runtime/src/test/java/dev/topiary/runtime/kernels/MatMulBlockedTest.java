package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.MatMulTest.random;
import static dev.topiary.runtime.kernels.Tolerances.assertClose;
import static dev.topiary.runtime.kernels.Tolerances.sumOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link MatMul}'s blocked variants ({@link MatMulBlocked}) against plain loops in double, at
 * shapes that reach every branch: several packed blocks, several accumulator and reduction
 * blocks, one to three rows, inner sizes that are not multiples of four or of a vector, and
 * operands with long runs of zeros (skipped groups) as well as scattered ones. Each product also
 * runs on {@link WorkerPool}s of 2 and 3 threads and must give the same bits as on one.
 */
class MatMulBlockedTest {
  /** {@code {m, k, n}}: the seed's dense and conv layers, then shapes at block edges. */
  private static final int[][] SHAPES = {
      {32, 5408, 64}, {1, 5408, 64}, {2, 333, 17}, {3, 64, 16}, {130, 9, 32}, {2100, 9, 32},
      {65, 2100, 20}, {300, 40, 33}, {7, 8193, 16}};

  @Test
  void mulAddBiasMatchesDoubleLoops() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int[] s : SHAPES) {
      int m = s[0], k = s[1], n = s[2];
      int aOff = 3;
      float[] a = sparse(rng, m * k, aOff);
      float[] b = random(rng, k * n, 0.1);
      float[] bias = random(rng, n, 0);
      float[] c = new float[m * n];
      MatMul.mulAddBias(a, aOff, b, bias, c, m, k, n);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double sum = bias[j];
          double scale = Math.abs(sum);
          for (int p = 0; p < k; p++) {
            double t = (double) a[aOff + i * k + p] * b[p * n + j];
            sum += t;
            scale += Math.abs(t);
          }
          assertClose(sum, c[i * n + j], sumOf(k), scale, shape("mulAddBias", s) + " C[" + i
              + "][" + j + "]");
        }
      }
      float[] bias0 = bias;
      assertSameOnThreads(c, () -> {
        float[] out = new float[m * n];
        MatMul.mulAddBias(a, aOff, b, bias0, out, m, k, n);
        return out;
      }, shape("mulAddBias", s));
    }
  }

  @Test
  void mulTransAMatchesDoubleLoops() {
    SplittableRandom rng = new SplittableRandom(12);
    for (int[] s : SHAPES) {
      int m = s[0], k = s[1], n = s[2];
      int aOff = 5;
      float[] a = sparse(rng, m * k, aOff);
      float[] b = random(rng, m * n, 0.3);
      float[] c = new float[k * n];
      MatMul.mulTransA(a, aOff, b, c, m, k, n);
      for (int p = 0; p < k; p++) {
        for (int j = 0; j < n; j++) {
          double sum = 0;
          double scale = 0;
          for (int i = 0; i < m; i++) {
            double t = (double) a[aOff + i * k + p] * b[i * n + j];
            sum += t;
            scale += Math.abs(t);
          }
          assertClose(sum, c[p * n + j], sumOf(m), scale, shape("mulTransA", s) + " C[" + p
              + "][" + j + "]");
        }
      }
      assertSameOnThreads(c, () -> {
        float[] out = new float[k * n];
        MatMul.mulTransA(a, aOff, b, out, m, k, n);
        return out;
      }, shape("mulTransA", s));
    }
  }

  @Test
  void mulTransBMatchesDoubleLoops() {
    SplittableRandom rng = new SplittableRandom(13);
    for (int[] s : SHAPES) {
      int m = s[0], n = s[2], k = s[1]; // A m x n (output gradients), B k x n (the kernel)
      float[] a = random(rng, m * n, 0.5);
      float[] b = random(rng, k * n, 0);
      float[] c = new float[m * k];
      MatMul.mulTransB(a, b, c, m, n, k);
      for (int i = 0; i < m; i++) {
        for (int p = 0; p < k; p++) {
          double sum = 0;
          double scale = 0;
          for (int j = 0; j < n; j++) {
            double t = (double) a[i * n + j] * b[p * n + j];
            sum += t;
            scale += Math.abs(t);
          }
          assertClose(sum, c[i * k + p], sumOf(n), scale, shape("mulTransB", s) + " C[" + i
              + "][" + p + "]");
        }
      }
      assertSameOnThreads(c, () -> {
        float[] out = new float[m * k];
        MatMul.mulTransB(a, b, out, m, n, k);
        return out;
      }, shape("mulTransB", s));
    }
  }

  @Test
  void rowsWithoutNonZeroTermsGetExactlyTheBias() {
    // Runs of zero rows are filled by doubling copies; rows between them are computed.
    int m = 200, k = 9, n = 32;
    float[] a = new float[m * k];
    SplittableRandom rng = new SplittableRandom(14);
    for (int i : new int[] {0, 70, 71, 199}) {
      for (int p = 0; p < k; p++) {
        a[i * k + p] = (float) rng.nextDouble(-1, 1);
      }
    }
    float[] b = random(rng, k * n, 0);
    float[] bias = random(rng, n, 0);
    float[] c = new float[m * n];
    MatMul.mulAddBias(a, 0, b, bias, c, m, k, n);
    for (int i = 0; i < m; i++) {
      if (i == 0 || i == 70 || i == 71 || i == 199) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        assertClose(bias[j], c[i * n + j], 0, 0, "row " + i + " column " + j);
      }
    }
    MatMul.mulAddBias(a, 0, b, null, c, m, k, n);
    assertClose(0, c[5 * n + 3], 0, 0, "no bias: zero");
  }

  /** Values with long zero runs (like image borders) and 50% scattered zeros, after {@code off} NaNs. */
  static float[] sparse(SplittableRandom rng, int size, int off) {
    float[] v = new float[off + size + 2];
    java.util.Arrays.fill(v, Float.NaN);
    for (int i = 0; i < size; i++) {
      boolean run = (i / 97) % 3 == 0;
      v[off + i] = run || rng.nextBoolean() ? 0f : (float) rng.nextDouble(-1, 1);
    }
    return v;
  }

  /** {@code product} on pools of 2 and 3 threads gives {@code expected}'s bits. */
  static void assertSameOnThreads(float[] expected, java.util.function.Supplier<float[]> product,
      String what) {
    for (int threads : new int[] {2, 3}) {
      WorkerPool previous = WorkerPool.bind(WorkerPool.shared(threads));
      float[] actual;
      try {
        actual = product.get();
      } finally {
        WorkerPool.bind(previous);
      }
      assertArrayEquals(expected, actual, 0f, what + " on " + threads + " threads");
      for (int i = 0; i < expected.length; i++) {
        if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
          throw new AssertionError(what + " on " + threads + " threads: bits differ at " + i);
        }
      }
    }
  }

  private static String shape(String op, int[] s) {
    return op + " " + s[0] + "x" + s[1] + "x" + s[2];
  }
}
