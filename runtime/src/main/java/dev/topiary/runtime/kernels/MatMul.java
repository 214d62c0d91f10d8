package dev.topiary.runtime.kernels;

/**
 * Dense matrix products over row-major {@code float[]} with offsets: the GEMM variants that dense
 * and convolution layers need for forward and backward passes.
 *
 * <p>All loops run in i-k-j order so the innermost loop walks contiguous rows of {@code B} and
 * {@code C}, which HotSpot's C2 vectorises; the row bases are hoisted into locals so that both
 * arrays are indexed by the same induction variable. Zero entries of {@code A} are skipped: after
 * a ReLU most of them are zero, and skipping a zero changes no result.
 */
public final class MatMul {
  private MatMul() {}

  /**
   * {@code C = A B + bias}: {@code C[i][j] = bias[j] + sum_p A[i][p] B[p][j]}.
   *
   * @param a {@code m x k}, row-major, starting at {@code aOff}; read
   * @param b {@code k x n}, row-major; read
   * @param bias {@code n} values, or {@code null} for none; read
   * @param c {@code m x n}, row-major, from index 0; written
   */
  public static void mulAddBias(float[] a, int aOff, float[] b, float[] bias, float[] c,
      int m, int k, int n) {
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      if (bias != null) {
        System.arraycopy(bias, 0, c, ci, n);
      } else {
        java.util.Arrays.fill(c, ci, ci + n, 0f);
      }
      int ai = aOff + i * k;
      for (int p = 0; p < k; p++) {
        float av = a[ai + p];
        if (av != 0f) {
          axpy(av, b, p * n, c, ci, n);
        }
      }
    }
  }

  /**
   * {@code C = A^T B}: {@code C[p][j] = sum_i A[i][p] B[i][j]} (a weight gradient from layer
   * inputs {@code A} and output gradients {@code B}).
   *
   * @param a {@code m x k}, row-major, starting at {@code aOff}; read
   * @param b {@code m x n}, row-major, from index 0; read
   * @param c {@code k x n}, row-major; written (overwritten, not accumulated)
   */
  public static void mulTransA(float[] a, int aOff, float[] b, float[] c, int m, int k, int n) {
    java.util.Arrays.fill(c, 0, k * n, 0f);
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * k;
      int bi = i * n;
      for (int p = 0; p < k; p++) {
        float av = a[ai + p];
        if (av != 0f) {
          axpy(av, b, bi, c, p * n, n);
        }
      }
    }
  }

  /**
   * {@code C = A B^T}: {@code C[i][p] = sum_j A[i][j] B[p][j]} (an input gradient from output
   * gradients {@code A} and a kernel {@code B} of {@code k x n}).
   *
   * @param a {@code m x n}, row-major, from index 0; read
   * @param b {@code k x n}, row-major; read
   * @param c {@code m x k}, row-major, from index 0; written
   */
  public static void mulTransB(float[] a, float[] b, float[] c, int m, int n, int k) {
    for (int i = 0; i < m; i++) {
      int ai = i * n;
      int ci = i * k;
      for (int p = 0; p < k; p++) {
        c[ci + p] = dot(a, ai, b, p * n, n);
      }
    }
  }

  /** {@code sum_j x[xOff + j] * y[yOff + j]}, with four partial sums to break the dependency chain. */
  static float dot(float[] x, int xOff, float[] y, int yOff, int n) {
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      s0 += x[xOff + j] * y[yOff + j];
      s1 += x[xOff + j + 1] * y[yOff + j + 1];
      s2 += x[xOff + j + 2] * y[yOff + j + 2];
      s3 += x[xOff + j + 3] * y[yOff + j + 3];
    }
    for (; j < n; j++) {
      s0 += x[xOff + j] * y[yOff + j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** {@code y[yOff + j] += alpha * x[xOff + j]} for {@code j < n}. */
  static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
    for (int j = 0; j < n; j++) {
      y[yOff + j] += alpha * x[xOff + j];
    }
  }
}
