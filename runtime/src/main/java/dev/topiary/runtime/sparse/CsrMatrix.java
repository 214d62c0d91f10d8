package dev.topiary.runtime.sparse;

/**
 * A {@code rows x cols} matrix in compressed sparse row form: the non-zero values of each row with
 * their column indices, rows one after the other.
 *
 * <p>Row {@code r} holds the entries {@code q} in {@code rowPtr[r] <= q < rowPtr[r + 1]}: value
 * {@code values[q]} at column {@code colIdx[q]}, columns strictly increasing within a row. Built
 * once from a (pruned) dense kernel; the arrays are never changed afterwards.
 *
 * <p>Zeros: {@link #fromDense} drops every entry equal to {@code 0f}, i.e. both {@code +0.0} and
 * {@code -0.0} (pruning writes {@code +0.0}, and either sign contributes nothing to a product), and
 * {@link #toDense} writes {@code +0.0} where nothing is stored. The round trip is therefore exact
 * bit for bit, NaN payloads and subnormals included, except that {@code -0.0} comes back as
 * {@code +0.0}. (The model file keeps {@code -0.0}: its sparse encoding is bit-exact.)
 *
 * <p>A Keras dense kernel {@code [in][out]} read as a {@code CsrMatrix} has one row per input;
 * its {@link #transpose} has one row per output.
 */
public final class CsrMatrix {
  /** The number of rows. */
  public final int rows;
  /** The number of columns. */
  public final int cols;
  /** {@code rows + 1} offsets into {@link #colIdx} and {@link #values}; {@code rowPtr[0] == 0}. */
  final int[] rowPtr;
  /** The column of each stored entry. */
  final int[] colIdx;
  /** The value of each stored entry, never {@code 0f}. */
  final float[] values;

  private CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
    this.rows = rows;
    this.cols = cols;
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.values = values;
  }

  /**
   * The non-zero entries of the row-major {@code rows x cols} matrix {@code w}, which is read and
   * not kept.
   *
   * @throws IllegalArgumentException if a dimension is negative or {@code w} does not hold
   *     {@code rows * cols} values
   */
  public static CsrMatrix fromDense(float[] w, int rows, int cols) {
    checkShape(w, rows, cols);
    int nnz = 0;
    for (float v : w) {
      if (v != 0f) {
        nnz++;
      }
    }
    int[] rowPtr = new int[rows + 1];
    int[] colIdx = new int[nnz];
    float[] values = new float[nnz];
    int q = 0;
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      for (int c = 0; c < cols; c++) {
        float v = w[row + c];
        if (v != 0f) {
          colIdx[q] = c;
          values[q] = v;
          q++;
        }
      }
      rowPtr[r + 1] = q;
    }
    return new CsrMatrix(rows, cols, rowPtr, colIdx, values);
  }

  /** The row-major {@code rows x cols} dense matrix: stored values, {@code +0.0} elsewhere. */
  public float[] toDense() {
    float[] w = new float[Math.multiplyExact(rows, cols)];
    for (int r = 0; r < rows; r++) {
      for (int q = rowPtr[r]; q < rowPtr[r + 1]; q++) {
        w[r * cols + colIdx[q]] = values[q];
      }
    }
    return w;
  }

  /**
   * The {@code cols x rows} transpose, also in CSR form: the rows of the result are the columns of
   * this matrix (for a dense kernel {@code [in][out]}: one row per output).
   */
  public CsrMatrix transpose() {
    int nnz = nnz();
    int[] ptr = new int[cols + 1];
    for (int q = 0; q < nnz; q++) {
      ptr[colIdx[q] + 1]++;
    }
    for (int c = 0; c < cols; c++) {
      ptr[c + 1] += ptr[c];
    }
    int[] next = java.util.Arrays.copyOf(ptr, cols);
    int[] idx = new int[nnz];
    float[] val = new float[nnz];
    // Visiting rows in order keeps the new column indices increasing within each new row.
    for (int r = 0; r < rows; r++) {
      for (int q = rowPtr[r]; q < rowPtr[r + 1]; q++) {
        int t = next[colIdx[q]]++;
        idx[t] = r;
        val[t] = values[q];
      }
    }
    return new CsrMatrix(cols, rows, ptr, idx, val);
  }

  /** The number of stored (non-zero) entries. */
  public int nnz() {
    return rowPtr[rows];
  }

  /** The number of stored entries in row {@code r}. */
  public int rowLength(int r) {
    return rowPtr[r + 1] - rowPtr[r];
  }

  /** {@code nnz / (rows * cols)}: 1 for a dense matrix, 0 for an empty one or one of no cells. */
  public double density() {
    long cells = (long) rows * cols;
    return cells == 0 ? 0 : (double) nnz() / cells;
  }

  /**
   * The bytes of the three arrays ({@code 4 * (rows + 1 + 2 * nnz)}), against {@code 4 * rows *
   * cols} for the dense matrix; object headers not counted.
   */
  public long bytes() {
    return 4L * (rows + 1) + 8L * nnz();
  }

  @Override
  public String toString() {
    return "CsrMatrix " + rows + "x" + cols + ", " + nnz() + " non-zeros ("
        + String.format(java.util.Locale.ROOT, "%.1f", 100 * density()) + "%)";
  }

  static void checkShape(float[] w, int rows, int cols) {
    if (rows < 0 || cols < 0 || (long) rows * cols != w.length) {
      throw new IllegalArgumentException("expected " + rows + " x " + cols + " = "
          + ((long) rows * cols) + " values with non-negative dimensions, found " + w.length
          + " values");
    }
  }
}
