package dev.topiary.runtime.sparse;

/**
 * The scratch buffers of the sparse products, allocated once (at a layer's construction) so that
 * no product allocates. One workspace serves any number of layers, one call at a time: it is not
 * for use by two threads at once.
 */
public final class SparseWorkspace {
  /** Rows of the input tile that the batched product transposes at a time. */
  static final int BLOCK = 16;

  final int maxInputs;
  final int maxOutputs;
  /** The stored rows whose input is non-zero, for {@link SparseKernels#mulAddBiasSkipZeros}. */
  final int[] activeRows;
  /** Their inputs. */
  final float[] activeInputs;
  /** {@code BLOCK x TILE}: a block of the input tile, transposed (one row per input feature). */
  final float[][] tileIn;
  /**
   * {@code min(maxInputs, BLOCK_ROWS) x TILE}: a block of the input tile, transposed, for
   * {@link SparseKernels#mulAddBiasByColumns}.
   */
  final float[][] blockIn;
  /** {@code maxOutputs x TILE}: the output tile, transposed (one row per output feature). */
  final float[][] tileOut;

  /**
   * Buffers for products with up to {@code maxInputs} inputs (kernel rows) and
   * {@code maxOutputs} outputs (kernel columns) per example.
   *
   * @throws IllegalArgumentException if a size is negative
   */
  public SparseWorkspace(int maxInputs, int maxOutputs) {
    if (maxInputs < 0 || maxOutputs < 0) {
      throw new IllegalArgumentException("expected non-negative sizes, found maxInputs = "
          + maxInputs + ", maxOutputs = " + maxOutputs);
    }
    this.maxInputs = maxInputs;
    this.maxOutputs = maxOutputs;
    this.activeRows = new int[maxInputs];
    this.activeInputs = new float[maxInputs];
    this.tileIn = new float[BLOCK][SparseKernels.TILE];
    this.tileOut = new float[maxOutputs][SparseKernels.TILE];
    this.blockIn = new float[Math.min(maxInputs, BlockedCscMatrix.BLOCK_ROWS)][SparseKernels.TILE];
  }

  /** Throws unless this workspace fits a product with {@code inputs} x {@code outputs} kernel. */
  void check(String where, int inputs, int outputs) {
    if (inputs > maxInputs || outputs > maxOutputs) {
      throw new IllegalArgumentException(where + ": expected a workspace for a " + inputs + " x "
          + outputs + " kernel, found one for at most " + maxInputs + " x " + maxOutputs);
    }
  }
}
