package dev.topiary.runtime.internal;

import dev.topiary.runtime.Layer;

/** A layer without weights (pooling, flatten): name, type and output shape. */
public class LayerHandle implements Layer {
  private final String name;
  private final String type;
  private final int[] outputShape;

  /** Creates the handle; {@code outputShape} is copied. */
  public LayerHandle(String name, String type, int... outputShape) {
    this.name = name;
    this.type = type;
    this.outputShape = outputShape.clone();
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final int[] outputShape() {
    return outputShape.clone();
  }

  @Override
  public long parameterCount() {
    return 0;
  }

  @Override
  public String toString() {
    return name + " (" + type + ")";
  }
}
