package dev.topiary.runtime.sparse;

/**
 * A {@code rows x cols} kernel in blocks of {@link #BLOCK_ROWS} rows, each block stored by
 * column (compressed sparse column within the block), for the batched product
 * {@link SparseKernels#mulAddBiasByColumns}.
 *
 * <p>Block {@code b} holds rows {@code [b * BLOCK_ROWS, min(rows, (b + 1) * BLOCK_ROWS))}; its
 * entries in column {@code j} are {@code q} in {@code colPtr[b * cols + j] <= q < colPtr[b * cols
 * + j + 1]}: value {@code values[q]} at row {@code b * BLOCK_ROWS + rowInBlock[q]}, rows
 * increasing. Why by column: the product then adds four stored weights of one output at a time
 * into that output's row of the transposed output tile, one load and store of it per four
 * weights, where the row-major form ({@link CsrMatrix}) needs one per weight. Why in blocks: the
 * block's inputs, transposed, stay in L1 while every output uses them. Entries equal to
 * {@code 0f} are not stored, as in {@link CsrMatrix#fromDense}.
 */
public final class BlockedCscMatrix {
  /** Rows per block: 64 transposed inputs of 256 examples are 64 KB. */
  public static final int BLOCK_ROWS = 64;

  /** The number of rows. */
  public final int rows;
  /** The number of columns. */
  public final int cols;
  /** {@code blocks * cols + 1} offsets into {@link #rowInBlock} and {@link #values}. */
  final int[] colPtr;
  /** The row of each stored entry, counted from its block's first row. */
  final int[] rowInBlock;
  /** The value of each stored entry, never {@code 0f}. */
  final float[] values;

  private BlockedCscMatrix(int rows, int cols, int[] colPtr, int[] rowInBlock, float[] values) {
    this.rows = rows;
    this.cols = cols;
    this.colPtr = colPtr;
    this.rowInBlock = rowInBlock;
    this.values = values;
  }

  /** The non-zero entries of the row-major {@code rows x cols} matrix {@code w} (read, not kept). */
  public static BlockedCscMatrix fromDense(float[] w, int rows, int cols) {
    CsrMatrix.checkShape(w, rows, cols);
    int nnz = 0;
    for (float v : w) {
      nnz += v != 0f ? 1 : 0;
    }
    int blocks = blocks(rows);
    int[] colPtr = new int[blocks * cols + 1];
    int[] rowInBlock = new int[nnz];
    float[] values = new float[nnz];
    int q = 0;
    for (int b = 0; b < blocks; b++) {
      int r0 = b * BLOCK_ROWS;
      int r1 = Math.min(rows, r0 + BLOCK_ROWS);
      for (int j = 0; j < cols; j++) {
        for (int r = r0; r < r1; r++) {
          float v = w[r * cols + j];
          if (v != 0f) {
            rowInBlock[q] = r - r0;
            values[q] = v;
            q++;
          }
        }
        colPtr[b * cols + j + 1] = q;
      }
    }
    return new BlockedCscMatrix(rows, cols, colPtr, rowInBlock, values);
  }

  /** The row-major {@code rows x cols} dense matrix: stored values, {@code +0.0} elsewhere. */
  public float[] toDense() {
    float[] w = new float[Math.multiplyExact(rows, cols)];
    for (int b = 0; b < blocks(rows); b++) {
      for (int j = 0; j < cols; j++) {
        for (int q = colPtr[b * cols + j]; q < colPtr[b * cols + j + 1]; q++) {
          w[(b * BLOCK_ROWS + rowInBlock[q]) * cols + j] = values[q];
        }
      }
    }
    return w;
  }

  /** The number of stored (non-zero) entries. */
  public int nnz() {
    return values.length;
  }

  /** The number of row blocks, the last one possibly short. */
  static int blocks(int rows) {
    return (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
  }
}
