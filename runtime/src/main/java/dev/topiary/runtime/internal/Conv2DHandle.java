package dev.topiary.runtime.internal;

import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.Conv2DLayer;

/** The handle generated code creates for a {@code @Conv2D} layer. */
public final class Conv2DHandle extends WeightedLayerHandle implements Conv2DLayer {
  private final int kernelHeight;
  private final int kernelWidth;
  private final int inputChannels;
  private final int filters;

  /**
   * Creates the handle over the layer's parameters ({@code bias} {@code null} without a bias);
   * {@code outputShape} is {@code {oh, ow, filters}}.
   */
  public Conv2DHandle(String name, Parameter kernel, Parameter bias, int kernelHeight,
      int kernelWidth, int inputChannels, int filters, int[] outputShape) {
    super(name, "Conv2D", kernel, bias, kernelHeight * kernelWidth * inputChannels, filters,
        outputShape);
    this.kernelHeight = kernelHeight;
    this.kernelWidth = kernelWidth;
    this.inputChannels = inputChannels;
    this.filters = filters;
  }

  @Override
  public int filters() {
    return filters;
  }

  @Override
  public int kernelHeight() {
    return kernelHeight;
  }

  @Override
  public int kernelWidth() {
    return kernelWidth;
  }

  @Override
  public int inputChannels() {
    return inputChannels;
  }
}
