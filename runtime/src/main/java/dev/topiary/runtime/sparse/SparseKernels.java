package dev.topiary.runtime.sparse;

import java.util.Arrays;

/**
 * Products of dense activations with a sparse (pruned) kernel: {@code Y = X W + bias} for a Dense
 * layer, the same as {@link dev.topiary.runtime.kernels.MatMul#mulAddBias} but over the stored
 * entries of {@code W} only. {@code X} is {@code m x k} row-major (one example or patch per row),
 * {@code W} is the Keras kernel {@code [k = inputs][n = outputs]}, {@code Y} is {@code m x n}.
 *
 * <p>Four variants, each best somewhere ({@link KernelChoice} picks one by the measured
 * thresholds):
 *
 * <ul>
 *   <li>{@link #mulAddBiasGather}, one example: each output is a dot product of the input with a
 *       row of {@code W^T}. Loops of fixed length and no branches; cost proportional to the
 *       kernel's non-zeros, whatever the input.
 *   <li>{@link #mulAddBiasSkipZeros}, one example: each non-zero input adds its multiple of a row
 *       of {@code W} (a scatter), so the zeros of the input (after a ReLU) and of the kernel both
 *       save work: cost proportional to (non-zero inputs) x (non-zeros per kernel row).
 *   <li>{@link #mulAddBias}, a batch: tiles of up to {@link #TILE} examples are transposed, so
 *       that each stored weight {@code W[p][j]} updates a contiguous tile row,
 *       {@code Yt[j][0..t) += W[p][j] Xt[p][0..t)}, a loop that HotSpot vectorises.
 *   <li>{@link #mulAddBiasByColumns}, a batch: the same over a kernel stored by columns in blocks
 *       of rows, four weights per update of {@code Yt[j]} (not yet chosen: see its doc).
 * </ul>
 *
 * <p>A batch of one and plain scalar code cannot vectorise a sparse product (that needs gather or
 * scatter instructions), which is why the batched variant only pays off from a few examples up.
 *
 * <p>Entries not stored are exact zeros and are skipped: an infinite or NaN input times a pruned
 * weight adds nothing here, where the dense product gives NaN. Sums run in another order than in
 * the dense kernel, so results agree with it to float rounding, not bit for bit (and a zero
 * result may differ in sign).
 */
public final class SparseKernels {
  /**
   * Rows of {@code X} per tile of {@link #mulAddBias}. Long, because C2 runs a vectorised loop's
   * first and last iterations in scalar code (alignment, unrolled remainder): per element, a
   * 32-long update measured twice the cost of a 256-long one, and the product at batch 256 ran
   * 1.5x faster with tiles of 256 than of 32. 64 outputs x 256 floats: 64 KB of workspace.
   */
  static final int TILE = 256;

  private SparseKernels() {}

  /**
   * One example, as a gather: {@code y[j] = bias[j] + sum_{p : W[p][j] != 0} x[p] W[p][j]}.
   *
   * @param x {@code k} inputs from {@code xOff}; read
   * @param wT the kernel transposed, {@code n x k} ({@link CsrMatrix#transpose} of the
   *     {@code k x n} kernel): one row per output; read
   * @param bias {@code n} values, or {@code null} for none; read
   * @param y {@code n} outputs from {@code yOff}; written
   */
  public static void mulAddBiasGather(float[] x, int xOff, CsrMatrix wT, float[] bias, float[] y,
      int yOff) {
    int[] ptr = wT.rowPtr;
    int[] idx = wT.colIdx;
    float[] val = wT.values;
    for (int j = 0; j < wT.rows; j++) {
      // Four partial sums: a single one would wait for each addition before the next. They
      // start at -0.0, the exact identity of addition: an output without terms is its bias.
      float s0 = -0f;
      float s1 = -0f;
      float s2 = -0f;
      float s3 = -0f;
      int q = ptr[j];
      int end = ptr[j + 1];
      for (; q + 3 < end; q += 4) {
        s0 += x[xOff + idx[q]] * val[q];
        s1 += x[xOff + idx[q + 1]] * val[q + 1];
        s2 += x[xOff + idx[q + 2]] * val[q + 2];
        s3 += x[xOff + idx[q + 3]] * val[q + 3];
      }
      for (; q < end; q++) {
        s0 += x[xOff + idx[q]] * val[q];
      }
      float sum = (s0 + s1) + (s2 + s3);
      y[yOff + j] = (bias == null ? 0f : bias[j]) + sum;
    }
  }

  /**
   * One example, skipping zero inputs, as a scatter: {@code y = bias}, then for each input
   * {@code x[p] != 0} and each stored {@code W[p][j]}: {@code y[j] += x[p] W[p][j]}.
   *
   * <p>The non-zero inputs are first listed without a branch (a branch on {@code x[p] != 0} is
   * mispredicted for about every other non-zero of a post-ReLU input), then the rows are visited
   * shortest first, as {@link SortedCsrMatrix} explains.
   *
   * @param x {@code k} inputs from {@code xOff}; read
   * @param w the {@code k x n} kernel, rows sorted by length; read
   * @param bias {@code n} values, or {@code null} for none; read
   * @param y {@code n} outputs from {@code yOff}; written
   * @param ws a workspace for at least {@code k} inputs; its buffers are overwritten
   */
  public static void mulAddBiasSkipZeros(float[] x, int xOff, SortedCsrMatrix w, float[] bias,
      float[] y, int yOff, SparseWorkspace ws) {
    ws.check("SparseKernels.mulAddBiasSkipZeros", w.rows, 0);
    int[] active = ws.activeRows;
    float[] inputs = ws.activeInputs;
    int[] order = w.rowOrder;
    int count = 0;
    for (int t = 0; t < w.rows; t++) {
      float v = x[xOff + order[t]];
      active[count] = t;
      inputs[count] = v;
      count += v != 0f ? 1 : 0;
    }
    initRow(bias, y, yOff, w.cols);
    int[] ptr = w.rowPtr;
    int[] idx = w.colIdx;
    float[] val = w.values;
    for (int a = 0; a < count; a++) {
      int t = active[a];
      float xv = inputs[a];
      for (int q = ptr[t], end = ptr[t + 1]; q < end; q++) {
        y[yOff + idx[q]] += xv * val[q];
      }
    }
  }

  /**
   * A batch: {@code Y[i][j] = bias[j] + sum_{p : W[p][j] != 0} X[i][p] W[p][j]} for
   * {@code i < m}.
   *
   * <p>Per tile of up to {@link #TILE} rows of {@code X}: blocks of 16 input features are
   * transposed into {@code Xt} (skipping a feature that is zero in every example of the tile),
   * each stored {@code W[p][j]} adds {@code W[p][j] Xt[p]} to {@code Yt[j]}, and {@code Yt} is
   * transposed into {@code Y}.
   *
   * @param x {@code m x k}, row-major, from {@code xOff}; read
   * @param w the {@code k x n} kernel; read
   * @param bias {@code n} values, or {@code null} for none; read
   * @param y {@code m x n}, row-major, from {@code yOff}; written
   * @param ws a workspace for at least {@code n} outputs; its buffers are overwritten
   */
  public static void mulAddBias(float[] x, int xOff, CsrMatrix w, float[] bias, float[] y,
      int yOff, int m, SparseWorkspace ws) {
    ws.check("SparseKernels.mulAddBias", 0, w.cols);
    int k = w.rows;
    int n = w.cols;
    float[][] out = ws.tileOut;
    for (int i0 = 0; i0 < m; i0 += TILE) {
      int t = Math.min(TILE, m - i0);
      for (int j = 0; j < n; j++) {
        Arrays.fill(out[j], 0, t, bias == null ? 0f : bias[j]);
      }
      int tileStart = xOff + i0 * k;
      for (int p0 = 0; p0 < k; p0 += SparseWorkspace.BLOCK) {
        addBlock(x, tileStart, k, t, p0, Math.min(k, p0 + SparseWorkspace.BLOCK), w, ws);
      }
      for (int j = 0; j < n; j++) {
        float[] row = out[j];
        int base = yOff + i0 * n + j;
        for (int i = 0; i < t; i++) {
          y[base + i * n] = row[i];
        }
      }
    }
  }

  /**
   * A batch, by columns: the same product as {@link #mulAddBias} over a kernel stored by columns
   * in blocks of rows ({@link BlockedCscMatrix}).
   *
   * <p>Per tile of up to {@link #TILE} rows of {@code X} and block of
   * {@link BlockedCscMatrix#BLOCK_ROWS} input features: the block is transposed into {@code Xt},
   * four features at a time, and for each output {@code j} its stored weights in the block are
   * added four at a time, {@code Yt[j][i] += (v0 Xt[p0][i] + v1 Xt[p1][i]) + (v2 Xt[p2][i] +
   * v3 Xt[p3][i])}: one load and store of {@code Yt[j]} per four weights. Measured 1.3x faster
   * than {@link #mulAddBias} at batch 32 and 80% sparsity in thread CPU time, but 1.5-2.3x
   * slower in one JMH run on a loaded machine; not chosen by {@link KernelChoice} until
   * measured again.
   *
   * @param x {@code m x k}, row-major, from {@code xOff}; read
   * @param w the {@code k x n} kernel; read
   * @param bias {@code n} values, or {@code null} for none; read
   * @param y {@code m x n}, row-major, from {@code yOff}; written
   * @param ws a workspace for at least {@code min(k, BLOCK_ROWS)} inputs and {@code n} outputs;
   *     its buffers are overwritten
   */
  public static void mulAddBiasByColumns(float[] x, int xOff, BlockedCscMatrix w, float[] bias,
      float[] y, int yOff, int m, SparseWorkspace ws) {
    ws.check("SparseKernels.mulAddBiasByColumns", Math.min(w.rows, BlockedCscMatrix.BLOCK_ROWS),
        w.cols);
    int k = w.rows;
    int n = w.cols;
    float[][] out = ws.tileOut;
    float[][] in = ws.blockIn;
    for (int i0 = 0; i0 < m; i0 += TILE) {
      int t = Math.min(TILE, m - i0);
      for (int j = 0; j < n; j++) {
        Arrays.fill(out[j], 0, t, bias == null ? 0f : bias[j]);
      }
      int tileStart = xOff + i0 * k;
      for (int b = 0, p0 = 0; p0 < k; b++, p0 += BlockedCscMatrix.BLOCK_ROWS) {
        transposeBlock(x, tileStart, k, t, p0, Math.min(k, p0 + BlockedCscMatrix.BLOCK_ROWS), in);
        addColumns(w, b * n, t, in, out);
      }
      for (int j = 0; j < n; j++) {
        float[] row = out[j];
        int base = yOff + i0 * n + j;
        for (int i = 0; i < t; i++) {
          y[base + i * n] = row[i];
        }
      }
    }
  }

  /** {@code in[p - p0][i] = x[tileStart + i * k + p]}, four features at a time. */
  private static void transposeBlock(float[] x, int tileStart, int k, int t, int p0, int pEnd,
      float[][] in) {
    int p = p0;
    for (; p + 3 < pEnd; p += 4) {
      float[] r0 = in[p - p0];
      float[] r1 = in[p - p0 + 1];
      float[] r2 = in[p - p0 + 2];
      float[] r3 = in[p - p0 + 3];
      for (int i = 0; i < t; i++) {
        int o = tileStart + i * k + p;
        r0[i] = x[o];
        r1[i] = x[o + 1];
        r2[i] = x[o + 2];
        r3[i] = x[o + 3];
      }
    }
    for (; p < pEnd; p++) {
      float[] r = in[p - p0];
      for (int i = 0; i < t; i++) {
        r[i] = x[tileStart + i * k + p];
      }
    }
  }

  /** Adds one block's stored weights ({@code colPtr} from {@code at}) to the output tile. */
  private static void addColumns(BlockedCscMatrix w, int at, int t, float[][] in,
      float[][] out) {
    int[] ptr = w.colPtr;
    int[] row = w.rowInBlock;
    float[] val = w.values;
    for (int j = 0; j < w.cols; j++) {
      float[] yt = out[j];
      int q = ptr[at + j];
      int end = ptr[at + j + 1];
      for (; q + 3 < end; q += 4) {
        float v0 = val[q];
        float v1 = val[q + 1];
        float v2 = val[q + 2];
        float v3 = val[q + 3];
        float[] a0 = in[row[q]];
        float[] a1 = in[row[q + 1]];
        float[] a2 = in[row[q + 2]];
        float[] a3 = in[row[q + 3]];
        for (int i = 0; i < t; i++) {
          yt[i] += (v0 * a0[i] + v1 * a1[i]) + (v2 * a2[i] + v3 * a3[i]);
        }
      }
      for (; q < end; q++) {
        float v0 = val[q];
        float[] a0 = in[row[q]];
        for (int i = 0; i < t; i++) {
          yt[i] += v0 * a0[i];
        }
      }
    }
  }

  /** Transposes features {@code [p0, pEnd)} of a tile and adds their products to the output. */
  private static void addBlock(float[] x, int tileStart, int k, int t, int p0, int pEnd,
      CsrMatrix w, SparseWorkspace ws) {
    float[][] in = ws.tileIn;
    float[][] out = ws.tileOut;
    for (int i = 0; i < t; i++) {
      int row = tileStart + i * k;
      for (int p = p0; p < pEnd; p++) {
        in[p - p0][i] = x[row + p];
      }
    }
    int[] ptr = w.rowPtr;
    int[] idx = w.colIdx;
    float[] val = w.values;
    for (int p = p0; p < pEnd; p++) {
      float[] xt = in[p - p0];
      if (isZero(xt, t)) {
        continue;
      }
      for (int q = ptr[p], end = ptr[p + 1]; q < end; q++) {
        float v = val[q];
        float[] yt = out[idx[q]];
        // Both rows indexed by the same i: the form C2 vectorises.
        for (int i = 0; i < t; i++) {
          yt[i] += v * xt[i];
        }
      }
    }
  }

  /** Whether {@code a[0..n)} are all {@code +0.0} or {@code -0.0}. */
  private static boolean isZero(float[] a, int n) {
    for (int i = 0; i < n; i++) {
      if (a[i] != 0f) {
        return false;
      }
    }
    return true;
  }

  /** {@code y[yOff..yOff+n) = bias}, or zeros when {@code bias} is null. */
  static void initRow(float[] bias, float[] y, int yOff, int n) {
    if (bias == null) {
      Arrays.fill(y, yOff, yOff + n, 0f);
    } else {
      System.arraycopy(bias, 0, y, yOff, n);
    }
  }
}
