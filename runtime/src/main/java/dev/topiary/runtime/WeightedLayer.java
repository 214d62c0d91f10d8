package dev.topiary.runtime;

/** A layer with a kernel and an optional bias: the common part of {@link DenseLayer} and {@link Conv2DLayer}. */
public interface WeightedLayer extends Layer {
  /**
   * A copy of the kernel in Keras layout, row-major: {@code [in][out]} for Dense,
   * {@code [kh][kw][cin][cout]} for Conv2D.
   */
  float[] kernel();

  /** A copy of the bias, one value per output unit or filter; an empty array when the layer has none. */
  float[] bias();

  /**
   * The kernel's rows seen as a matrix: one per input (for Conv2D, per {@code (kh, kw, cin)}
   * position). With {@link #kernelColumns()}, {@link #kernel()} is that row-major matrix, e.g.
   * for EJML: {@code new FMatrixRMaj(layer.kernelRows(), layer.kernelColumns(), true,
   * layer.kernel())}.
   */
  int kernelRows();

  /** The kernel's columns seen as a matrix: one per output unit or filter. */
  int kernelColumns();

  /** The number of kernel weights (biases not included). */
  long kernelSize();

  /** The number of kernel weights that are not exactly zero (after pruning, the ones kept). */
  long nonZeroWeights();

  /** The fraction of kernel weights that are exactly zero, in [0, 1]. */
  default double sparsity() {
    long n = kernelSize();
    return n == 0 ? 0 : 1.0 - (double) nonZeroWeights() / n;
  }

  /** Output channels (filters, units) whose whole kernel column is zero, e.g. after channel pruning. */
  int channelsRemoved();
}
