package dev.topiary.runtime.sparse;

import dev.topiary.runtime.kernels.Conv2DKernels;
import dev.topiary.runtime.kernels.ConvGeometry;

/**
 * The forward pass of a 2D convolution with a sparse (pruned) kernel over NHWC tensors: im2col
 * patches ({@link Conv2DKernels#im2col}) times the kernel {@code [kh][kw][cin][cout]} read as a
 * sparse {@code (kh*kw*cin) x cout} matrix, with {@link SparseKernels#mulAddBias}.
 */
public final class SparseConvKernels {
  private SparseConvKernels() {}

  /**
   * {@code Y[n][oy][ox][f] = bias[f] + sum_{ky,kx,c : K[ky][kx][c][f] != 0}
   * X[n][oy*sh + ky - padTop][ox*sw + kx - padLeft][c] K[ky][kx][c][f]}, inputs outside the image
   * reading as zero.
   *
   * @param x {@code batch x h x w x c} NHWC from {@code xOff}; read
   * @param kernel the {@code (kh*kw*c) x cout} kernel; read
   * @param bias {@code cout} values, or {@code null} for none; read
   * @param y {@code batch x oh x ow x cout} NHWC from {@code yOff}; written
   * @param cols at least {@code (batch*oh*ow) x (kh*kw*c)} floats for the patches; overwritten
   * @param ws a workspace for at least {@code cout} outputs; its buffers are overwritten
   * @throws IllegalArgumentException if the kernel's shape does not match {@code kh*kw*c} rows
   */
  public static void forward(float[] x, int xOff, CsrMatrix kernel, float[] bias, float[] y,
      int yOff, int batch, ConvGeometry g, float[] cols, SparseWorkspace ws) {
    if (kernel.rows != g.patch()) {
      throw new IllegalArgumentException("SparseConvKernels.forward: expected a kernel of "
          + g.kh + "*" + g.kw + "*" + g.c + " = " + g.patch() + " rows, found " + kernel.rows);
    }
    Conv2DKernels.im2col(x, xOff, cols, batch, g);
    SparseKernels.mulAddBias(cols, 0, kernel, bias, y, yOff, batch * g.positions(), ws);
  }
}
