package dev.topiary.runtime.kernels;

/**
 * The kernels that have a Vector API implementation: the workers of the dense products (each
 * computes a range of output rows or blocks of one product, as {@link MatMul} and {@link Tasks}
 * split it over threads), the fused conv + pool of inference and the 2x2 max-pool window of
 * training. This class is the plain-Java implementation ({@link MatMulBlocked}, which runs
 * everywhere, Android included); the multi-release part of the runtime jar holds a subclass
 * written with {@code jdk.incubator.vector}, which {@link KernelProvider} picks when that
 * module is in the boot layer. Callers go through {@link Kernels#DENSE}, a constant, so C2
 * inlines the chosen implementation's methods as if they were static.
 *
 * <p>Contract of every implementation: what a row or block holds never depends on the range
 * it was computed in (so results do not depend on the number of threads), and zero entries
 * of {@code A} may be skipped (no finite result changes).
 */
class DenseKernels {
  /** The plain-Java kernels. */
  static final DenseKernels PLAIN = new DenseKernels();

  DenseKernels() {}

  /** {@code "plain"} or {@code "vector"}: what {@link Kernels#implementation()} reports. */
  String name() {
    return "plain";
  }

  /** {@code C = A B + bias} for rows {@code [i0, i1)} of {@code m >= 4}; see {@link MatMul#mulAddBias}. */
  void forwardRows(float[] a, int aOff, float[] b, float[] bias, float[] c, int m, int k, int n,
      int i0, int i1) {
    if (k <= Tuning.packedRows(n) && m > Tuning.ACCUMULATOR_ROWS) {
      MatMulBlocked.mulAddBiasShortRows(a, aOff, b, bias, c, k, n, i0, i1);
    } else {
      MatMulBlocked.mulAddBiasRows(a, aOff, b, bias, c, k, n, i0, i1);
    }
  }

  /** {@code C = A B + bias} for {@code m < 4} rows (a prediction); see {@link MatMul#mulAddBias}. */
  void fewRows(float[] a, int aOff, float[] b, float[] bias, float[] c, int m, int k, int n) {
    MatMulBlocked.mulAddBiasFewRows(a, aOff, b, bias, c, m, k, n);
  }

  /** {@code C = A^T B}, the blocks {@code [blk0, blk1)} of {@link MatMulBlocked#transAColumns} output rows. */
  void transAColumnBlocks(float[] a, int aOff, float[] b, float[] c, int m, int k, int n,
      int blk0, int blk1) {
    MatMulBlocked.mulTransAColumnBlocks(a, aOff, b, c, m, k, n, blk0, blk1);
  }

  /** {@code C = A B^T}, the blocks {@code [blk0, blk1)} of {@link MatMulBlocked#transposedColumns} output columns. */
  void transBColumnBlocks(float[] a, float[] b, float[] c, int m, int n, int k, int blk0,
      int blk1) {
    MatMulBlocked.mulTransBColumnBlocks(a, b, c, m, n, k, blk0, blk1);
  }

  /**
   * The partial sum {@code A[r0..r1)^T B[r0..r1)} into {@code partial} from {@code partialOff}
   * ({@code k x n}, a convolution kernel's gradient); see {@link MatMulBlocked#mulTransARowBlock}.
   */
  void transARowBlock(float[] a, int aOff, float[] b, int k, int n, int r0, int r1,
      float[] partial, int partialOff) {
    MatMulBlocked.mulTransARowBlock(a, aOff, b, k, n, r0, r1, partial, partialOff);
  }

  /**
   * {@link ConvPool#forward} by this implementation's own loops; returns false (computing
   * nothing) when it leaves the geometry to {@link ConvPool}'s, as the plain kernels always do.
   */
  boolean convPool(ConvPool g, float[] x, int xOff, float[] kernel, float[] bias, boolean relu,
      float[] y, int batch) {
    return false;
  }

  /**
   * {@link ConvPool#forwardListed} by this implementation's own loops; -1 (computing nothing)
   * when it has none for the geometry, as the plain kernels never do.
   */
  int convPoolListed(ConvPool g, float[] x, int xOff, float[] kernel, float[] bias,
      boolean relu, float[] delta, int[] index) {
    return -1;
  }

  /**
   * {@code c[j] = bias[j] + sum_t a[p] b[p * n + j]} over the listed {@code p = index[t]},
   * {@code t < count}: one row's product from its listed entries.
   */
  void listedRows(float[] a, int[] index, int count, float[] b, float[] bias, float[] c, int n) {
    System.arraycopy(bias, 0, c, 0, n);
    for (int t = 0; t < count; t++) {
      int p = index[t];
      MatMul.axpy(a[p], b, p * n, c, 0, n);
    }
  }

  /** Whether {@link #convPoolListed} runs {@code g} (never, here). */
  boolean convPoolListable(ConvPool g) {
    return false;
  }

  /** Whether {@link #convPool} runs {@code g} on vector kernels (never, here). */
  boolean convPoolVectorized(ConvPool g) {
    return false;
  }

  /** {@link LaneKernels#column}: the terms of each lane summed in order, one after the other. */
  void laneColumn(float[] x, int[] offsets, float[] values, int q0, int q1, float b,
      float[] acc) {
    for (int t = 0; t < LaneKernels.LANES; t++) {
      acc[t] = b;
    }
    for (int q = q0; q < q1; q++) {
      float v = values[q];
      int o = offsets[q];
      for (int t = 0; t < LaneKernels.LANES; t++) {
        acc[t] += v * x[o + t];
      }
    }
  }

  /** {@link LaneKernels#tapFirst} ({@code add} false) and {@link LaneKernels#tapAdd}. */
  void laneTap(float[] src, int[] base, int off, float w, float[] s, boolean add) {
    final int lanes = LaneKernels.LANES;
    for (int q = 0; q < base.length; q++) {
      int from = base[q] + off;
      int to = q * lanes;
      if (add) {
        for (int t = 0; t < lanes; t++) {
          s[to + t] += w * src[from + t];
        }
      } else {
        for (int t = 0; t < lanes; t++) {
          s[to + t] = w * src[from + t];
        }
      }
    }
  }

  /** {@link LaneKernels#filter2x2}: none here. */
  boolean laneFilter2x2(float[] src, int[][] bases, int[] offsets, float[] weights, float b,
      boolean relu, float[] out, int outOff, int outStride) {
    return false;
  }

  /** {@code a = max(a, b)} element by element over {@code a.length} values. */
  void laneMax(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.max(a[i], b[i]);
    }
  }

  /** The store of {@link LaneKernels#maxStore}, from {@code m} (the window maxima). */
  void laneStore(float[] m, float b, boolean relu, float[] out, int outOff, int outStride) {
    final int lanes = LaneKernels.LANES;
    for (int q = 0; q < m.length / lanes; q++) {
      int to = outOff + q * outStride;
      for (int t = 0; t < lanes; t++) {
        float v = m[q * lanes + t] + b;
        out[to + t] = relu ? Math.max(v, 0f) : v;
      }
    }
  }

  /**
   * One full 2x2 max-pool window of channels {@code [0, c)}: the maximum and the index of its
   * winner (the first of equal values); see {@link MaxPoolKernels#forward}.
   */
  void window2x2(float[] x, int xOff, int first, int rowStride, float[] y, int[] argmax,
      int out, int c) {
    MaxPoolKernels.window2x2(x, xOff, first, rowStride, y, argmax, out, c);
  }
}
