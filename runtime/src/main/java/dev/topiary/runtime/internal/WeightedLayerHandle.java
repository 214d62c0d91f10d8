package dev.topiary.runtime.internal;

import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.WeightedLayer;

/** The shared part of the Dense and Conv2D handles: a kernel viewed as {@code rows x cols}, and a bias. */
abstract class WeightedLayerHandle extends LayerHandle implements WeightedLayer {
  private final Parameter kernel;
  private final Parameter bias;
  private final int rows;
  private final int cols;

  WeightedLayerHandle(String name, String type, Parameter kernel, Parameter bias, int rows,
      int cols, int... outputShape) {
    super(name, type, outputShape);
    if (kernel.size() != rows * cols) {
      throw new IllegalArgumentException(name + ": kernel of " + kernel.size()
          + " values, expected " + rows + " x " + cols);
    }
    this.kernel = kernel;
    this.bias = bias;
    this.rows = rows;
    this.cols = cols;
  }

  @Override
  public final float[] kernel() {
    return kernel.value.clone();
  }

  @Override
  public final float[] bias() {
    return bias == null ? new float[0] : bias.value.clone();
  }

  @Override
  public final int kernelRows() {
    return rows;
  }

  @Override
  public final int kernelColumns() {
    return cols;
  }

  @Override
  public final long parameterCount() {
    return kernel.size() + (bias == null ? 0L : bias.size());
  }

  @Override
  public final long kernelSize() {
    return kernel.size();
  }

  @Override
  public final long nonZeroWeights() {
    long n = 0;
    for (float v : kernel.value) {
      n += v != 0f ? 1 : 0;
    }
    return n;
  }

  @Override
  public final int channelsRemoved() {
    int removed = 0;
    float[] w = kernel.value;
    for (int c = 0; c < cols; c++) {
      boolean zero = true;
      for (int r = 0; r < rows && zero; r++) {
        zero = w[r * cols + c] == 0f;
      }
      removed += zero ? 1 : 0;
    }
    return removed;
  }
}
