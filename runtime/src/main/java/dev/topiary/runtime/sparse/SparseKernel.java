package dev.topiary.runtime.sparse;

/**
 * A Dense layer's kernel prepared for sparse inference: built from the pruned kernel once (after
 * training or loading), it runs {@code y = x W + b} over the stored weights only, skipping zero
 * inputs too for a single example (so weight and activation sparsity multiply).
 */
public final class SparseKernel {
  /**
   * Kernels with more than this share of non-zero weights run dense: the dense product
   * vectorises, the sparse one (scalar scatter or gather at batch 1) only wins when most weights
   * are gone. Measured on the seed CNN's 5408 x 64 layer at batch 1 (SparseKernelsTiming).
   */
  public static final double MAX_DENSITY = 0.5;

  private final CsrMatrix w;
  private final SortedCsrMatrix sorted;
  private final SparseWorkspace workspace;

  private SparseKernel(CsrMatrix w) {
    this.w = w;
    this.sorted = SortedCsrMatrix.of(w);
    this.workspace = new SparseWorkspace(w.rows, w.cols);
  }

  /**
   * The sparse form of {@code kernel} ({@code rows x cols}, Keras {@code [in][out]}), or null when
   * it is denser than {@link #MAX_DENSITY} and {@code force} is false.
   */
  public static SparseKernel prepare(float[] kernel, int rows, int cols, boolean force) {
    long nonZero = 0;
    for (float v : kernel) {
      nonZero += v != 0f ? 1 : 0;
    }
    if (!force && nonZero > MAX_DENSITY * kernel.length) {
      return null;
    }
    return new SparseKernel(CsrMatrix.fromDense(kernel, rows, cols));
  }

  /** The stored (non-zero) weights. */
  public int nnz() {
    return w.nnz();
  }

  /**
   * {@code y = x W + bias} for {@code m} examples from {@code x[xOff]}, written from {@code y[0]}:
   * one example skips zero inputs; a batch uses the tiled sparse product.
   */
  public void mulAddBias(float[] x, int xOff, float[] bias, float[] y, int m) {
    if (m == 1) {
      SparseKernels.mulAddBiasSkipZeros(x, xOff, sorted, bias, y, 0, workspace);
    } else {
      SparseKernels.mulAddBias(x, xOff, w, bias, y, 0, m, workspace);
    }
  }
}
