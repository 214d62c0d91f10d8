package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.Tolerances.SUM;
import static dev.topiary.runtime.kernels.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Test;

/**
 * {@link MatMul} against plain triple loops in double and against EJML: random shapes including
 * 1x1, odd sizes and inner sizes that are not a multiple of 4 (the dot product's unrolling),
 * inputs with many exact zeros (the skipped terms), and matrices at an offset in arrays whose
 * other entries are NaN, so reading outside the matrix shows up in the result.
 */
class MatMulTest {
  /** Marks array entries outside a kernel's output; they must survive the call. */
  private static final float UNTOUCHED = 12345f;

  /** {@code {m, k, n}}: edge cases first, then random shapes. */
  private static List<int[]> shapes() {
    List<int[]> shapes = new ArrayList<>(List.of(new int[] {1, 1, 1}, new int[] {1, 4, 1},
        new int[] {1, 5, 1}, new int[] {2, 3, 1}, new int[] {1, 7, 9}, new int[] {5, 8, 3},
        new int[] {7, 13, 5}, new int[] {16, 17, 15}, new int[] {3, 33, 2}));
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < 40; i++) {
      shapes.add(new int[] {rng.nextInt(1, 20), rng.nextInt(1, 40), rng.nextInt(1, 20)});
    }
    return shapes;
  }

  @Test
  void mulAddBiasWithBiasMatchesTripleLoopAndEjml() {
    checkMulAddBias(true);
  }

  @Test
  void mulAddBiasWithoutBiasMatchesTripleLoopAndEjml() {
    checkMulAddBias(false);
  }

  private static void checkMulAddBias(boolean withBias) {
    SplittableRandom rng = new SplittableRandom(withBias ? 1 : 2);
    for (int[] s : shapes()) {
      int m = s[0], k = s[1], n = s[2];
      int aOff = rng.nextInt(0, 5);
      float[] a = random(rng, m * k, 0.5);
      float[] b = random(rng, k * n, 0.2);
      float[] bias = withBias ? random(rng, n, 0.2) : null;
      float[] c = output(m * n, 3);

      MatMul.mulAddBias(embed(a, aOff), aOff, b, bias, c, m, k, n);

      FMatrixRMaj ejml = new FMatrixRMaj(m, n);
      CommonOps_FDRM.mult(matrix(m, k, a), matrix(k, n, b), ejml);
      String shape = "mulAddBias " + m + "x" + k + "x" + n + " aOff " + aOff;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double sum = withBias ? bias[j] : 0;
          double scale = Math.abs(sum);
          for (int p = 0; p < k; p++) {
            sum += (double) a[i * k + p] * b[p * n + j];
            scale += Math.abs((double) a[i * k + p] * b[p * n + j]);
          }
          float actual = c[i * n + j];
          String where = shape + " C[" + i + "][" + j + "]";
          assertClose(sum, actual, SUM, scale, where);
          assertClose(ejml.get(i, j) + (withBias ? bias[j] : 0f), actual, 2 * SUM, scale,
              where + " vs EJML");
        }
      }
      assertUntouched(c, m * n, shape);
    }
  }

  @Test
  void mulTransAMatchesTripleLoopAndEjml() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int[] s : shapes()) {
      int m = s[0], k = s[1], n = s[2];
      int aOff = rng.nextInt(0, 5);
      float[] a = random(rng, m * k, 0.5);
      float[] b = random(rng, m * n, 0.2);
      float[] c = output(k * n, 3);

      MatMul.mulTransA(embed(a, aOff), aOff, b, c, m, k, n);

      FMatrixRMaj ejml = new FMatrixRMaj(k, n);
      CommonOps_FDRM.multTransA(matrix(m, k, a), matrix(m, n, b), ejml);
      String shape = "mulTransA " + m + "x" + k + "x" + n + " aOff " + aOff;
      for (int p = 0; p < k; p++) {
        for (int j = 0; j < n; j++) {
          double sum = 0;
          double scale = 0;
          for (int i = 0; i < m; i++) {
            sum += (double) a[i * k + p] * b[i * n + j];
            scale += Math.abs((double) a[i * k + p] * b[i * n + j]);
          }
          String where = shape + " C[" + p + "][" + j + "]";
          assertClose(sum, c[p * n + j], SUM, scale, where);
          assertClose(ejml.get(p, j), c[p * n + j], 2 * SUM, scale, where + " vs EJML");
        }
      }
      assertUntouched(c, k * n, shape);
    }
  }

  @Test
  void mulTransBMatchesTripleLoopAndEjml() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int[] s : shapes()) {
      int m = s[0], n = s[1], k = s[2]; // the dot products run over n: odd and not 4-aligned
      float[] a = random(rng, m * n, 0.5);
      float[] b = random(rng, k * n, 0.2);
      float[] c = output(m * k, 3);

      MatMul.mulTransB(a, b, c, m, n, k);

      FMatrixRMaj ejml = new FMatrixRMaj(m, k);
      CommonOps_FDRM.multTransB(matrix(m, n, a), matrix(k, n, b), ejml);
      String shape = "mulTransB " + m + "x" + n + "x" + k;
      for (int i = 0; i < m; i++) {
        for (int p = 0; p < k; p++) {
          double sum = 0;
          double scale = 0;
          for (int j = 0; j < n; j++) {
            sum += (double) a[i * n + j] * b[p * n + j];
            scale += Math.abs((double) a[i * n + j] * b[p * n + j]);
          }
          String where = shape + " C[" + i + "][" + p + "]";
          assertClose(sum, c[i * k + p], SUM, scale, where);
          assertClose(ejml.get(i, p), c[i * k + p], 2 * SUM, scale, where + " vs EJML");
        }
      }
      assertUntouched(c, m * k, shape);
    }
  }

  @Test
  void zeroRowsGiveExactlyTheBias() {
    // Every term skipped: the result must be the bias itself, not an accumulation onto old values.
    SplittableRandom rng = new SplittableRandom(5);
    int m = 3, k = 6, n = 5;
    float[] bias = random(rng, n, 0);
    float[] c = output(m * n, 0);
    MatMul.mulAddBias(new float[m * k], 0, random(rng, k * n, 0), bias, c, m, k, n);
    for (int i = 0; i < m; i++) {
      assertEquals(Arrays.toString(bias), Arrays.toString(Arrays.copyOfRange(c, i * n, i * n + n)),
          "row " + i);
    }
  }

  /** Uniform values in [-1, 1), each exactly zero with probability {@code zeros}. */
  static float[] random(SplittableRandom rng, int size, double zeros) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = rng.nextDouble() < zeros ? 0f : (float) (rng.nextDouble() * 2 - 1);
    }
    return v;
  }

  /** {@code v} at offset {@code off} of a larger array whose other entries are NaN. */
  static float[] embed(float[] v, int off) {
    float[] out = new float[off + v.length + 3];
    Arrays.fill(out, Float.NaN);
    System.arraycopy(v, 0, out, off, v.length);
    return out;
  }

  /** An output array of {@code size} NaNs (must all be overwritten) and a marked tail. */
  private static float[] output(int size, int tail) {
    float[] c = new float[size + tail];
    Arrays.fill(c, 0, size, Float.NaN);
    Arrays.fill(c, size, size + tail, UNTOUCHED);
    return c;
  }

  private static void assertUntouched(float[] c, int from, String where) {
    for (int i = from; i < c.length; i++) {
      assertEquals(UNTOUCHED, c[i], where + ": wrote past its output at " + i);
    }
  }

  private static FMatrixRMaj matrix(int rows, int cols, float[] data) {
    return new FMatrixRMaj(rows, cols, true, data);
  }
}
