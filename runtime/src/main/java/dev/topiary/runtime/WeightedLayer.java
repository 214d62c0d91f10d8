package dev.topiary.runtime;

import org.ejml.data.FMatrixRMaj;

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
   * A copy of the kernel as an EJML matrix with one row per input (for Conv2D, per
   * {@code (kh, kw, cin)} position) and one column per output unit or filter.
   */
  FMatrixRMaj kernelMatrix();

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
