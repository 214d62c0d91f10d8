package dev.topiary.runtime.sparse;

/**
 * The non-zero values of one example's layer input, as (index, value) pairs: what
 * {@link ConvPoolList} emits and {@link #mulAddBias} consumes, so that a Dense layer after a ReLU
 * multiplies only the kernel rows of its non-zero inputs and never scans its zeros. A buffer,
 * reused from call to call; not thread-safe.
 */
public final class InputList {
  /** Indices into the flat input, {@code count} of them valid. */
  final int[] index;
  /** The values at those indices. */
  final float[] values;
  int count;

  /** A list for inputs of {@code size} values. */
  public InputList(int size) {
    index = new int[size];
    values = new float[size];
  }

  /** The number of listed (non-zero) inputs. */
  public int count() {
    return count;
  }

  /** Lists the non-zero values of {@code x[off..off+n)} (for tests and for other producers). */
  public void of(float[] x, int off, int n) {
    int c = 0;
    for (int i = 0; i < n; i++) {
      float v = x[off + i];
      index[c] = i;
      values[c] = v;
      c += v != 0f ? 1 : 0;
    }
    count = c;
  }

  /**
   * {@code y[yOff + j] = bias[j] + sum over the listed inputs p of x[p] * rows[p][j]} for
   * {@code j < units}: the kernel rows of the non-zero inputs only, four rows a pass over the
   * {@code units} outputs (a loop C2 vectorises: each row its own array). Rows are dense even for
   * a pruned kernel: at the seed's 80% sparsity and 64 units a row's 13 scattered weights, one
   * scalar update each, measured about 2x slower than the whole row in vector code (see
   * benchmarks/README.md, "Batch-1 sparse inference").
   *
   * @param rows the kernel {@code [in][units]} as one array per input row; read
   * @param bias {@code units} values, or null for none; read
   */
  public void mulAddBias(float[][] rows, float[] bias, float[] y, int yOff, int units) {
    if (bias != null) {
      System.arraycopy(bias, 0, y, yOff, units);
    } else {
      java.util.Arrays.fill(y, yOff, yOff + units, 0f);
    }
    int[] idx = index;
    float[] val = values;
    int a = 0;
    for (; a + 3 < count; a += 4) {
      axpy4(val[a], rows[idx[a]], val[a + 1], rows[idx[a + 1]], val[a + 2], rows[idx[a + 2]],
          val[a + 3], rows[idx[a + 3]], y, yOff, units);
    }
    for (; a < count; a++) {
      float v = val[a];
      float[] r = rows[idx[a]];
      for (int j = 0; j < units; j++) {
        y[yOff + j] += v * r[j];
      }
    }
  }

  /**
   * {@link #mulAddBias} over a sparse kernel: {@code y[yOff + j] = bias[j] + sum over the listed
   * inputs p and the stored W[p][j] of x[p] * W[p][j]}, one scalar update per stored weight of the
   * listed rows.
   *
   * @param w the kernel's rows in the list's index order ({@code in x units}); read
   */
  public void mulAddBias(CsrMatrix w, float[] bias, float[] y, int yOff, int units) {
    if (bias != null) {
      System.arraycopy(bias, 0, y, yOff, units);
    } else {
      java.util.Arrays.fill(y, yOff, yOff + units, 0f);
    }
    int[] idx = index;
    float[] val = values;
    int[] ptr = w.rowPtr;
    int[] col = w.colIdx;
    float[] wv = w.values;
    for (int a = 0; a < count; a++) {
      int p = idx[a];
      float v = val[a];
      for (int q = ptr[p], end = ptr[p + 1]; q < end; q++) {
        y[yOff + col[q]] += v * wv[q];
      }
    }
  }

  private static void axpy4(float v0, float[] r0, float v1, float[] r1, float v2, float[] r2,
      float v3, float[] r3, float[] y, int yOff, int units) {
    for (int j = 0; j < units; j++) {
      y[yOff + j] += (v0 * r0[j] + v1 * r1[j]) + (v2 * r2[j] + v3 * r3[j]);
    }
  }

  /** The kernel {@code [in][units]} ({@code in * units} values) as one array per input row, in order. */
  public static float[][] rows(float[] kernel, int in, int units) {
    float[][] rows = new float[in][];
    for (int p = 0; p < in; p++) {
      rows[p] = java.util.Arrays.copyOfRange(kernel, p * units, (p + 1) * units);
    }
    return rows;
  }
}
