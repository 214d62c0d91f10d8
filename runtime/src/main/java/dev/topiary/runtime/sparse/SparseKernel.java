package dev.topiary.runtime.sparse;

import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.kernels.ConvGeometry;
/**
 * A Dense layer's kernel prepared for sparse inference: built from the pruned kernel once (after
 * training or loading), it runs {@code y = x W + b} over the stored weights only, with the
 * product {@link KernelChoice} picks per call from the batch size and the inputs' density
 * (skipping zero inputs too, so weight and activation sparsity multiply).
 */
public final class SparseKernel {
  private final CsrMatrix w;
  private final CsrMatrix wT;
  private final SortedCsrMatrix sorted;
  private final SparseWorkspace workspace;
  private final double density;

  private SparseKernel(CsrMatrix w) {
    this.w = w;
    this.wT = w.transpose();
    this.sorted = SortedCsrMatrix.of(w);
    this.workspace = new SparseWorkspace(w.rows, w.cols);
    this.density = w.density();
  }

  /**
   * The sparse form of {@code kernel} ({@code rows x cols}, Keras {@code [in][out]}), or null when
   * it is denser than {@link KernelChoice#sparseMaxWeightDensity()} and {@code force} is false.
   */
  public static SparseKernel prepare(float[] kernel, int rows, int cols, boolean force) {
    long nonZero = 0;
    for (float v : kernel) {
      nonZero += v != 0f ? 1 : 0;
    }
    double density = kernel.length == 0 ? 0 : (double) nonZero / kernel.length;
    if (!KernelChoice.sparse(force ? KernelMode.SPARSE : KernelMode.AUTO, density)) {
      return null;
    }
    return new SparseKernel(CsrMatrix.fromDense(kernel, rows, cols));
  }

  /** Bytes held by the kernel's formats and workspace (arrays only, not object headers). */
  public long bytes() {
    return w.bytes() + wT.bytes() + sorted.bytes();
  }

  /** The stored (non-zero) weights. */
  public int nnz() {
    return w.nnz();
  }

  /**
   * {@code y = x W + bias} for {@code m} examples from {@code x[xOff]}, written from {@code y[0]},
   * by the sparse product {@link KernelChoice#dense} picks for this call.
   */
  public void mulAddBias(float[] x, int xOff, float[] bias, float[] y, int m) {
    double inputDensity = m >= KernelChoice.BATCHED_MIN_ROWS ? 1
        : KernelChoice.density(x, xOff, m * w.rows);
    switch (KernelChoice.dense(KernelMode.SPARSE, density, m, inputDensity)) {
      case SPARSE_BATCHED:
        SparseKernels.mulAddBias(x, xOff, w, bias, y, 0, m, workspace);
        break;
      case SPARSE_SKIP_ZEROS:
        for (int i = 0; i < m; i++) {
          SparseKernels.mulAddBiasSkipZeros(x, xOff + i * w.rows, sorted, bias, y, i * w.cols,
              workspace);
        }
        break;
      default:
        for (int i = 0; i < m; i++) {
          SparseKernels.mulAddBiasGather(x, xOff + i * w.rows, wT, bias, y, i * w.cols);
        }
    }
  }

  /**
   * A Conv2D layer's forward on its sparse kernel ({@code kh*kw*c x filters}): im2col into
   * {@code cols}, then the batched sparse product over the patches (many rows even at batch 1).
   */
  public void conv(float[] x, int xOff, float[] bias, float[] y, float[] cols, int batch,
      ConvGeometry g) {
    SparseConvKernels.forward(x, xOff, w, bias, y, 0, batch, g, cols, workspace);
  }
}
