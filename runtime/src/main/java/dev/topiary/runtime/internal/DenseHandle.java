package dev.topiary.runtime.internal;

import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.DenseLayer;

/** The handle generated code creates for a {@code @Dense} layer. */
public final class DenseHandle extends WeightedLayerHandle implements DenseLayer {
  private final int inputSize;
  private final int units;

  /** Creates the handle over the layer's parameters; {@code bias} is {@code null} without a bias. */
  public DenseHandle(String name, Parameter kernel, Parameter bias, int inputSize, int units) {
    super(name, "Dense", kernel, bias, inputSize, units, units);
    this.inputSize = inputSize;
    this.units = units;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public int units() {
    return units;
  }
}
