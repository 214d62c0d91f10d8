package dev.topiary.runtime.internal;

import dev.topiary.runtime.Parameter;

/**
 * The handle generated code creates for a {@code @SeparableConv2D} layer: its parameter count is
 * Keras's, both kernels and the bias.
 */
public final class SeparableConv2DHandle extends LayerHandle {
  private final Parameter depthwise;
  private final Parameter pointwise;
  private final Parameter bias;

  /** The handle over the layer's parameters ({@code bias} null without one). */
  public SeparableConv2DHandle(String name, Parameter depthwise, Parameter pointwise,
      Parameter bias, int... outputShape) {
    super(name, "SeparableConv2D", outputShape);
    this.depthwise = depthwise;
    this.pointwise = pointwise;
    this.bias = bias;
  }

  @Override
  public long parameterCount() {
    return depthwise.size() + pointwise.size() + (bias == null ? 0L : bias.size());
  }
}
