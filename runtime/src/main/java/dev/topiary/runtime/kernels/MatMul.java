package dev.topiary.runtime.kernels;

import java.util.Arrays;

/**
 * Dense matrix products over row-major {@code float[]} with offsets: the GEMM variants that dense
 * and convolution layers need for forward and backward passes.
 *
 * <p>Products whose inner loop is long enough run blocked and packed ({@link MatMulBlocked}: the
 * rows the inner loop walks are copied into separate arrays, which C2 vectorises, in blocks that
 * stay in L1), on the {@link WorkerPool} bound to the calling thread if any; each thread computes
 * whole output rows or blocks, so the result is the same for any number of threads. Short
 * products run the plain i-k-j loops. Groups of four zero entries of {@code A} are skipped: after
 * a ReLU most of them are zero, and skipping zeros changes no finite result. Sums are taken in a
 * fixed order that differs from a plain loop's by float reassociation.
 */
public final class MatMul {
  private static final ThreadLocal<Tasks> TASKS = new ThreadLocal<Tasks>() {
    @Override
    protected Tasks initialValue() {
      return new Tasks();
    }
  };

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
    if (n < Tuning.VECTOR_MIN) {
      plainMulAddBias(a, aOff, b, bias, c, m, k, n);
      return;
    }
    if (m < 4) {
      Kernels.DENSE.fewRows(a, aOff, b, bias, c, m, k, n);
      return;
    }
    int threads = WorkerPool.threadsHere();
    int chunks = (long) m * k * n < Tuning.PARALLEL_WORK ? 1
        // Each chunk packs all of B: one chunk per thread unless there are many rows.
        : Math.min(m, Math.max(threads, Math.min(4 * threads, m / Tuning.ACCUMULATOR_ROWS)));
    if (chunks <= 1) {
      forwardRows(a, aOff, b, bias, c, m, k, n, 0, m);
      return;
    }
    Tasks.Forward t = TASKS.get().forward;
    t.set(a, aOff, b, bias, c, m, k, n, chunks);
    try {
      WorkerPool.run(t, chunks);
    } finally {
      t.clear();
    }
  }

  /**
   * One row's product from its listed entries: {@code c[j] = bias[j] + sum_t a[p] b[p * n + j]}
   * over {@code p = index[t]}, {@code t < count} (as {@link ConvPool#forwardListed} lists them).
   */
  public static void mulAddBiasListed(float[] a, int[] index, int count, float[] b,
      float[] bias, float[] c, int n) {
    Kernels.DENSE.listedRows(a, index, count, b, bias, c, n);
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
    if (n < Tuning.VECTOR_MIN) {
      plainMulTransA(a, aOff, b, c, m, k, n);
      return;
    }
    long work = (long) m * k * n;
    Tasks tasks = TASKS.get();
    if ((long) k * n <= Tuning.SMALL_OUTPUT) {
      int blocks = (m + Tuning.REDUCTION_ROWS - 1) / Tuning.REDUCTION_ROWS;
      if (blocks == 1) {
        Kernels.DENSE.transARowBlock(a, aOff, b, k, n, 0, m, c, 0);
        return;
      }
      float[] partials = Scratch.get().partials(blocks * k * n);
      Tasks.TransARowBlocks t = tasks.transARowBlocks;
      int chunks = Tuning.chunks(work, blocks);
      t.set(a, aOff, b, partials, m, k, n, blocks, chunks);
      try {
        WorkerPool.run(t, chunks);
      } finally {
        t.clear();
      }
      sumBlocks(partials, blocks, k * n, c);
      return;
    }
    int cb = MatMulBlocked.transAColumns(m);
    if (cb > 0) {
      int blocks = (k + cb - 1) / cb;
      int chunks = Tuning.chunks(work, blocks);
      if (chunks <= 1) {
        Kernels.DENSE.transAColumnBlocks(a, aOff, b, c, m, k, n, 0, blocks);
        return;
      }
      Tasks.TransAColumnBlocks t = tasks.transAColumnBlocks;
      t.set(a, aOff, b, c, m, k, n, blocks, chunks);
      try {
        WorkerPool.run(t, chunks);
      } finally {
        t.clear();
      }
      return;
    }
    int pb = Tuning.packedRows(n);
    int blocks = (k + pb - 1) / pb;
    int chunks = Tuning.chunks(work, blocks);
    if (chunks <= 1) {
      MatMulBlocked.mulTransAOutputRows(a, aOff, b, c, m, k, n, 0, k);
      return;
    }
    Tasks.TransAOutputRows t = tasks.transAOutputRows;
    t.set(a, aOff, b, c, m, k, n, pb, blocks, chunks);
    try {
      WorkerPool.run(t, chunks);
    } finally {
      t.clear();
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
    if (k < Tuning.VECTOR_MIN) {
      plainMulTransB(a, b, c, m, n, k);
      return;
    }
    int tb = MatMulBlocked.transposedColumns(n);
    int blocks = (k + tb - 1) / tb;
    int chunks = Tuning.chunks((long) m * k * n, blocks);
    if (chunks <= 1) {
      Kernels.DENSE.transBColumnBlocks(a, b, c, m, n, k, 0, blocks);
      return;
    }
    Tasks.TransBColumnBlocks t = TASKS.get().transBColumnBlocks;
    t.set(a, b, c, m, n, k, blocks, chunks);
    try {
      WorkerPool.run(t, chunks);
    } finally {
      t.clear();
    }
  }

  /** {@link #mulAddBias} for rows {@code [i0, i1)}, by the kernels and variant that fit its shape. */
  static void forwardRows(float[] a, int aOff, float[] b, float[] bias, float[] c, int m, int k,
      int n, int i0, int i1) {
    Kernels.DENSE.forwardRows(a, aOff, b, bias, c, m, k, n, i0, i1);
  }

  /** {@code c[x] = sum over blocks, in order, of partials[blk * size + x]} for {@code x < size}. */
  static void sumBlocks(float[] partials, int blocks, int size, float[] c) {
    System.arraycopy(partials, 0, c, 0, size);
    for (int blk = 1; blk < blocks; blk++) {
      int off = blk * size;
      for (int x = 0; x < size; x++) {
        c[x] += partials[off + x];
      }
    }
  }

  /** {@link #mulAddBias} as plain i-k-j loops, for short rows. */
  static void plainMulAddBias(float[] a, int aOff, float[] b, float[] bias, float[] c,
      int m, int k, int n) {
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      if (bias != null) {
        System.arraycopy(bias, 0, c, ci, n);
      } else {
        Arrays.fill(c, ci, ci + n, 0f);
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

  /** {@link #mulTransA} as plain loops, for short rows. */
  static void plainMulTransA(float[] a, int aOff, float[] b, float[] c, int m, int k, int n) {
    Arrays.fill(c, 0, k * n, 0f);
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

  /** {@link #mulTransB} as dot products, for few output columns. */
  static void plainMulTransB(float[] a, float[] b, float[] c, int m, int n, int k) {
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
