package dev.topiary.runtime.kernels;

import java.util.Arrays;

/**
 * The blocked, packed variants behind {@link MatMul}: the operand whose rows the inner loop
 * walks is copied block by block into separate row arrays ({@link Scratch}), so that C2
 * vectorises the loop; each block stays in L1 while every row of the other operand uses it.
 *
 * <p>The inner loop is a one-row register tile, four deep: {@code acc[j] += (a0 w0[j] + a1 w1[j])
 * + (a2 w2[j] + a3 w3[j])}, one load and store of the accumulator per four products. Four-row
 * tiles, which JDK 25 vectorises (reported in issue 6), stay scalar on JDK 17 (C2 cannot tell
 * four accumulator rows apart), and a chain of {@code Math.fma} was slower here than the tree of
 * products ({@code Math.fma} is not in Android's API 24 besides). Zero multipliers are skipped
 * (after a ReLU most are zero): rows of {@code A} that are mostly zero are listed and only
 * their non-zero entries multiplied; elsewhere a group of four zeros is skipped and within a
 * group that is not all zero, zeros are multiplied like other values.
 *
 * <p>Each method computes a range of output rows or blocks, so that {@link WorkerPool} threads can
 * share a call; what a row or block holds never depends on the range it was computed in.
 */
final class MatMulBlocked {
  private MatMulBlocked() {}

  /** {@code C = A B + bias} for rows {@code [i0, i1)}; see {@link MatMul#mulAddBias}. */
  static void mulAddBiasRows(float[] a, int aOff, float[] b, float[] bias, float[] c, int k, int n,
      int i0, int i1) {
    Scratch scratch = Scratch.get();
    int pb = Math.min(Tuning.packedRows(n), k);
    float[][] packed = scratch.packed(pb, n);
    float[][] acc = scratch.accumulators(Math.min(Tuning.ACCUMULATOR_ROWS, i1 - i0), n);
    float[] values = scratch.values(pb + 1);
    int[] positions = scratch.indices(pb + 1);
    boolean packedOnce = false;
    for (int r0 = i0; r0 < i1; r0 += Tuning.ACCUMULATOR_ROWS) {
      int r1 = Math.min(i1, r0 + Tuning.ACCUMULATOR_ROWS);
      for (int i = r0; i < r1; i++) {
        Arrays.fill(acc[i - r0], 0, n, 0f);
      }
      boolean[] touched = scratch.flags(r1 - r0); // rows that met a non-zero
      Arrays.fill(touched, 0, r1 - r0, false);
      for (int p0 = 0; p0 < k; p0 += pb) {
        int p1 = Math.min(k, p0 + pb);
        if (!packedOnce) {
          for (int p = p0; p < p1; p++) {
            System.arraycopy(b, p * n, packed[p - p0], 0, n);
          }
          packedOnce = pb == k; // a single block is packed once for all row blocks
        }
        for (int i = r0; i < r1; i++) {
          touched[i - r0] |= accumulateSparse(a, aOff + i * k + p0, p1 - p0, packed,
              acc[i - r0], n, values, positions);
        }
      }
      for (int i = r0; i < r1; i++) {
        float[] row = acc[i - r0];
        if (!touched[i - r0] && bias != null) {
          System.arraycopy(bias, 0, c, i * n, n); // no term: exactly the bias
          continue;
        }
        if (bias != null) {
          for (int j = 0; j < n; j++) {
            row[j] += bias[j];
          }
        }
        System.arraycopy(row, 0, c, i * n, n);
      }
    }
  }

  /**
   * {@code C = A B + bias} for rows {@code [i0, i1)} when all of {@code B} fits one packed block
   * (a convolution: {@code k} is the patch size): {@code B} is packed once, and runs of all-zero
   * rows of {@code A} (image borders) get the bias by doubling copies instead of row by row.
   */
  static void mulAddBiasShortRows(float[] a, int aOff, float[] b, float[] bias, float[] c, int k,
      int n, int i0, int i1) {
    Scratch scratch = Scratch.get();
    float[][] packed = scratch.packed(k, n);
    for (int p = 0; p < k; p++) {
      System.arraycopy(b, p * n, packed[p], 0, n);
    }
    float[] acc = scratch.accumulators(1, n)[0];
    int i = i0;
    while (i < i1) {
      int end = i;
      while (end < i1 && allZero(a, aOff + end * k, k)) {
        end++;
      }
      if (end > i) {
        fillRows(bias, c, n, i, end);
        i = end;
        continue;
      }
      if (bias != null) {
        for (int j = 0; j < n; j++) {
          acc[j] = bias[j];
        }
      } else {
        Arrays.fill(acc, 0, n, 0f);
      }
      accumulate(a, aOff + i * k, k, packed, acc, n);
      System.arraycopy(acc, 0, c, i * n, n);
      i++;
    }
  }

  private static boolean allZero(float[] a, int at, int count) {
    boolean zero = true;
    for (int q = 0; q < count; q++) {
      zero &= a[at + q] == 0f;
    }
    return zero;
  }

  /** Rows {@code [r0, r1)} of {@code c} become {@code bias} (or zero): one copy, then doublings. */
  private static void fillRows(float[] bias, float[] c, int n, int r0, int r1) {
    if (bias == null) {
      Arrays.fill(c, r0 * n, r1 * n, 0f);
      return;
    }
    System.arraycopy(bias, 0, c, r0 * n, n);
    int done = n;
    int total = (r1 - r0) * n;
    while (done < total) {
      int len = Math.min(done, total - done);
      System.arraycopy(c, r0 * n, c, r0 * n + done, len);
      done += len;
    }
  }

  /**
   * {@code C = A B + bias} for a few rows (a prediction of one example): each row's non-zero
   * entries are listed first, and only the rows of {@code B} they meet are packed, four at a
   * time, since each is used once (measured 1.4x faster than packing groups of four rows).
   */
  static void mulAddBiasFewRows(float[] a, int aOff, float[] b, float[] bias, float[] c, int m,
      int k, int n) {
    Scratch scratch = Scratch.get();
    float[][] rows = scratch.packed(4, n);
    float[] acc = scratch.accumulators(1, n)[0];
    float[] values = scratch.values(k + 1);
    int[] positions = scratch.indices(k + 1);
    float[] r0 = rows[0];
    float[] r1 = rows[1];
    float[] r2 = rows[2];
    float[] r3 = rows[3];
    for (int i = 0; i < m; i++) {
      if (bias != null) {
        for (int j = 0; j < n; j++) {
          acc[j] = bias[j];
        }
      } else {
        Arrays.fill(acc, 0, n, 0f);
      }
      int count = nonZeros(a, aOff + i * k, 1, k, values, positions, 0);
      int t = 0;
      for (; t + 3 < count; t += 4) {
        System.arraycopy(b, positions[t] * n, r0, 0, n);
        System.arraycopy(b, positions[t + 1] * n, r1, 0, n);
        System.arraycopy(b, positions[t + 2] * n, r2, 0, n);
        System.arraycopy(b, positions[t + 3] * n, r3, 0, n);
        axpy4(values[t], r0, values[t + 1], r1, values[t + 2], r2, values[t + 3], r3, acc, n);
      }
      for (; t < count; t++) {
        System.arraycopy(b, positions[t] * n, r0, 0, n);
        axpy1(values[t], r0, acc, n);
      }
      System.arraycopy(acc, 0, c, i * n, n);
    }
  }

  /**
   * {@code acc[j] += sum_q a[aAt + q] * rows[q][j]} for {@code q < count}, four {@code q} at a
   * time, skipping groups of four zeros; returns whether any group was not skipped.
   */
  static boolean accumulate(float[] a, int aAt, int count, float[][] rows, float[] acc, int n) {
    boolean any = false;
    int q = 0;
    for (; q + 3 < count; q += 4) {
      float a0 = a[aAt + q];
      float a1 = a[aAt + q + 1];
      float a2 = a[aAt + q + 2];
      float a3 = a[aAt + q + 3];
      if (a0 == 0f & a1 == 0f & a2 == 0f & a3 == 0f) {
        continue;
      }
      axpy4(a0, rows[q], a1, rows[q + 1], a2, rows[q + 2], a3, rows[q + 3], acc, n);
      any = true;
    }
    for (; q < count; q++) {
      float a0 = a[aAt + q];
      if (a0 != 0f) {
        axpy1(a0, rows[q], acc, n);
        any = true;
      }
    }
    return any;
  }

  /**
   * {@link #accumulate} for a row of {@code A} that may be mostly zero (a ReLU's output): its
   * non-zero entries are listed first and, unless more than three in four are non-zero, only
   * they are multiplied ({@link #accumulateList}); groups of four zeros alone skip little when
   * zeros are scattered (measured 1.7x faster at 70% random zeros, 6% slower with none, hence
   * the dense path above three in four). Returns whether any entry was non-zero.
   */
  static boolean accumulateSparse(float[] a, int aAt, int count, float[][] rows, float[] acc,
      int n, float[] values, int[] positions) {
    int nonZeros = nonZeros(a, aAt, 1, count, values, positions, 0);
    if (4 * nonZeros > 3 * count) {
      accumulate(a, aAt, count, rows, acc, n);
    } else {
      accumulateList(positions, values, 0, nonZeros, rows, acc, n);
    }
    return nonZeros > 0;
  }

  /**
   * {@code acc[j] += sum_t values[off + t] * rows[positions[off + t]][j]} for {@code t < count}:
   * a list of the non-zero multipliers, four at a time.
   */
  static void accumulateList(int[] positions, float[] values, int off, int count,
      float[][] rows, float[] acc, int n) {
    int t = off;
    int end = off + count;
    for (; t + 3 < end; t += 4) {
      axpy4(values[t], rows[positions[t]], values[t + 1], rows[positions[t + 1]], values[t + 2],
          rows[positions[t + 2]], values[t + 3], rows[positions[t + 3]], acc, n);
    }
    for (; t < end; t++) {
      axpy1(values[t], rows[positions[t]], acc, n);
    }
  }

  /**
   * Writes the non-zero values among {@code a[at + q * stride]}, {@code q < count}, and their
   * positions {@code q} to {@code values} and {@code positions} from {@code off}; returns how
   * many. Branch-free: every value is written, and the position advances only past non-zeros.
   */
  static int nonZeros(float[] a, int at, int stride, int count, float[] values, int[] positions,
      int off) {
    int t = off;
    for (int q = 0; q < count; q++) {
      float v = a[at + q * stride];
      values[t] = v;
      positions[t] = q;
      t += v != 0f ? 1 : 0;
    }
    return t - off;
  }

  /** {@code acc[j] += (a0 x0[j] + a1 x1[j]) + (a2 x2[j] + a3 x3[j])}, {@code j < n}. */
  static void axpy4(float a0, float[] x0, float a1, float[] x1, float a2, float[] x2, float a3,
      float[] x3, float[] acc, int n) {
    for (int j = 0; j < n; j++) {
      acc[j] += (a0 * x0[j] + a1 * x1[j]) + (a2 * x2[j] + a3 * x3[j]);
    }
  }

  /** {@code acc[j] += a0 x0[j]}, {@code j < n}. */
  static void axpy1(float a0, float[] x0, float[] acc, int n) {
    for (int j = 0; j < n; j++) {
      acc[j] += a0 * x0[j];
    }
  }

  /**
   * {@code C = A^T B} for output rows {@code [p0, p1)} of {@code C} ({@code k x n}): rows of
   * {@code B} are packed {@link Tuning#TRANS_A_ROWS} at a time, and each output row sums over all
   * {@code m} rows in order, four at a time.
   */
  static void mulTransAOutputRows(float[] a, int aOff, float[] b, float[] c, int m, int k, int n,
      int p0, int p1) {
    Scratch scratch = Scratch.get();
    int rb = Math.min(Tuning.TRANS_A_ROWS, m);
    float[][] packed = scratch.packed(rb, n);
    int pb = Math.min(p1 - p0, Tuning.packedRows(n));
    float[][] acc = scratch.accumulators(pb, n);
    float[] column = scratch.values(rb + 1);
    int[] positions = scratch.indices(rb + 1);
    boolean packedOnce = false;
    for (int s0 = p0; s0 < p1; s0 += pb) {
      int s1 = Math.min(p1, s0 + pb);
      for (int p = s0; p < s1; p++) {
        Arrays.fill(acc[p - s0], 0, n, 0f);
      }
      for (int r0 = 0; r0 < m; r0 += rb) {
        int r1 = Math.min(m, r0 + rb);
        if (!packedOnce) {
          for (int i = r0; i < r1; i++) {
            System.arraycopy(b, i * n, packed[i - r0], 0, n);
          }
          packedOnce = rb == m;
        }
        for (int p = s0; p < s1; p++) {
          // Column p of A, compacted: after a ReLU most entries are zero.
          int count = nonZeros(a, aOff + r0 * k + p, k, r1 - r0, column, positions, 0);
          accumulateList(positions, column, 0, count, packed, acc[p - s0], n);
        }
      }
      for (int p = s0; p < s1; p++) {
        System.arraycopy(acc[p - s0], 0, c, p * n, n);
      }
    }
  }

  /**
   * {@code C = A^T B} for the output rows of blocks {@code [blk0, blk1)} of
   * {@link #transAColumns} rows, when {@code A} has few rows (a batch) and many columns (a dense
   * layer's inputs): each block of {@code A}'s columns is packed as {@code m} short rows, every
   * column {@code j} of {@code B} accumulates {@code C^T[j] = sum_i B[i][j] A[i]} over them
   * (long vectorised rows, zero entries of {@code B} skipped: after a ReLU backward most are
   * zero), and the block of {@code C^T} is written back transposed. At 32 x 5408 x 64 (MNIST-like
   * zeros) measured 1.2-1.6x faster than {@link #mulTransAOutputRows}, whose output rows are
   * only 64 floats long, alone, and ~2x within a training step.
   */
  static void mulTransAColumnBlocks(float[] a, int aOff, float[] b, float[] c, int m, int k,
      int n, int blk0, int blk1) {
    Scratch scratch = Scratch.get();
    int cb = transAColumns(m);
    float[][] packed = scratch.packed(m, cb);
    float[][] acc = scratch.transposed(n, cb);
    // Column j of B compacted once: its non-zero values and rows from j * m, counts after them.
    float[] values = scratch.values(n * m + 1);
    int[] positions = scratch.indices(n * m + n + 1);
    for (int j = 0; j < n; j++) {
      positions[n * m + j] = nonZeros(b, j, n, m, values, positions, j * m);
    }
    for (int blk = blk0; blk < blk1; blk++) {
      int p0 = blk * cb;
      int len = Math.min(k, p0 + cb) - p0;
      for (int i = 0; i < m; i++) {
        System.arraycopy(a, aOff + i * k + p0, packed[i], 0, len);
      }
      for (int j = 0; j < n; j++) {
        Arrays.fill(acc[j], 0, len, 0f);
        accumulateList(positions, values, j * m, positions[n * m + j], packed, acc[j], len);
      }
      transposeInto(acc, len, n, c, p0);
    }
  }

  /** {@code c[(p0 + q) * n + j] = rows[j][q]} for {@code q < len, j < n}, four rows at a time. */
  private static void transposeInto(float[][] rows, int len, int n, float[] c, int p0) {
    int j = 0;
    for (; j + 3 < n; j += 4) {
      float[] r0 = rows[j];
      float[] r1 = rows[j + 1];
      float[] r2 = rows[j + 2];
      float[] r3 = rows[j + 3];
      int at = p0 * n + j;
      for (int q = 0; q < len; q++) {
        int o = at + q * n;
        c[o] = r0[q];
        c[o + 1] = r1[q];
        c[o + 2] = r2[q];
        c[o + 3] = r3[q];
      }
    }
    for (; j < n; j++) {
      float[] row = rows[j];
      int at = p0 * n + j;
      for (int q = 0; q < len; q++) {
        c[at + q * n] = row[q];
      }
    }
  }

  /**
   * Output rows per block of {@link #mulTransAColumnBlocks} for {@code m} rows of {@code A}: a
   * packed block of {@code m} rows fills L1; 0 when the rows would be too short to vectorise.
   */
  static int transAColumns(int m) {
    int cb = (Tuning.PACKED_FLOATS / Math.max(m, 1)) & ~15;
    return cb >= 4 * Tuning.VECTOR_MIN ? cb : 0;
  }

  /**
   * The partial sum {@code A[r0..r1)^T B[r0..r1)}, {@code k x n}, into {@code partial} from
   * {@code partialOff}: for a small output ({@code k x n}) reduced over many rows. Rows of
   * {@code B} are copied only for groups of four rows of {@code A} that are not all zero.
   */
  static void mulTransARowBlock(float[] a, int aOff, float[] b, int k, int n, int r0, int r1,
      float[] partial, int partialOff) {
    Scratch scratch = Scratch.get();
    float[][] acc = scratch.accumulators(k, n);
    float[][] rows = scratch.packed(4, n);
    for (int p = 0; p < k; p++) {
      Arrays.fill(acc[p], 0, n, 0f);
    }
    int i = r0;
    for (; i + 3 < r1; i += 4) {
      int at = aOff + i * k;
      boolean copied = false;
      for (int p = 0; p < k; p++) {
        float a0 = a[at + p];
        float a1 = a[at + k + p];
        float a2 = a[at + 2 * k + p];
        float a3 = a[at + 3 * k + p];
        if (a0 == 0f & a1 == 0f & a2 == 0f & a3 == 0f) {
          continue;
        }
        if (!copied) {
          for (int r = 0; r < 4; r++) {
            System.arraycopy(b, (i + r) * n, rows[r], 0, n);
          }
          copied = true;
        }
        axpy4(a0, rows[0], a1, rows[1], a2, rows[2], a3, rows[3], acc[p], n);
      }
    }
    for (; i < r1; i++) {
      System.arraycopy(b, i * n, rows[0], 0, n);
      for (int p = 0; p < k; p++) {
        float a0 = a[aOff + i * k + p];
        if (a0 != 0f) {
          axpy1(a0, rows[0], acc[p], n);
        }
      }
    }
    for (int p = 0; p < k; p++) {
      System.arraycopy(acc[p], 0, partial, partialOff + p * n, n);
    }
  }

  /**
   * {@code C = A B^T} for the output columns of blocks {@code [blk0, blk1)} of
   * {@link #transposedColumns} columns: each block of {@code B}'s rows is transposed into
   * {@code n} rows, then every row of {@code C} accumulates over them, four at a time.
   */
  static void mulTransBColumnBlocks(float[] a, float[] b, float[] c, int m, int n, int k,
      int blk0, int blk1) {
    Scratch scratch = Scratch.get();
    int tb = transposedColumns(n);
    float[][] transposed = scratch.transposed(n, tb);
    float[] acc = scratch.row(tb);
    // Each row of A compacted once (an output gradient after a ReLU is mostly zero), with its
    // count after the lists.
    float[] values = scratch.values(m * n + 1);
    int[] positions = scratch.indices(m * n + m + 1);
    for (int i = 0; i < m; i++) {
      positions[m * n + i] = nonZeros(a, i * n, 1, n, values, positions, i * n);
    }
    for (int blk = blk0; blk < blk1; blk++) {
      int q0 = blk * tb;
      int len = Math.min(k, q0 + tb) - q0;
      transpose(b, q0, len, n, transposed);
      for (int i = 0; i < m; i++) {
        Arrays.fill(acc, 0, len, 0f);
        accumulateList(positions, values, i * n, positions[m * n + i], transposed, acc, len);
        System.arraycopy(acc, 0, c, i * k + q0, len);
      }
    }
  }

  /**
   * {@code transposed[j][q] = b[(q0 + q) * n + j]}: four rows of the result at a time, which
   * reads each four consecutive values of {@code b} together (measured 2x faster than one row or
   * one column at a time).
   */
  private static void transpose(float[] b, int q0, int len, int n, float[][] transposed) {
    int j = 0;
    for (; j + 3 < n; j += 4) {
      float[] r0 = transposed[j];
      float[] r1 = transposed[j + 1];
      float[] r2 = transposed[j + 2];
      float[] r3 = transposed[j + 3];
      int at = q0 * n + j;
      for (int q = 0; q < len; q++) {
        int o = at + q * n;
        r0[q] = b[o];
        r1[q] = b[o + 1];
        r2[q] = b[o + 2];
        r3[q] = b[o + 3];
      }
    }
    for (; j < n; j++) {
      float[] row = transposed[j];
      int at = q0 * n + j;
      for (int q = 0; q < len; q++) {
        row[q] = b[at + q * n];
      }
    }
  }

  /** Output columns per transposed block of {@code A B^T} with rows of {@code n} values. */
  static int transposedColumns(int n) {
    return Math.max(Tuning.VECTOR_MIN, (Tuning.PACKED_FLOATS / n) & ~15);
  }
}
