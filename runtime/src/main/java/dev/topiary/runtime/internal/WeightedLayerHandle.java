package dev.topiary.runtime.internal;

import dev.topiary.runtime.WeightedLayer;
import org.ejml.data.FMatrixRMaj;

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
  public final FMatrixRMaj kernelMatrix() {
    return new FMatrixRMaj(rows, cols, true, kernel.value);
  }

  @Override
  public final long parameterCount() {
    return kernel.size() + (bias == null ? 0L : bias.size());
  }
}
