package dev.topiary.processor.model;

import dev.topiary.Activation;
import dev.topiary.architecture.LayerKind;

/**
 * A {@code @SeparableConv2D} layer: a depthwise convolution to {@code C * depthMultiplier}
 * channels, then a pointwise (1x1) one to {@code filters}, with one bias and the activation after
 * it (Keras).
 */
public final class SeparableConv2DSpec extends WeightedLayerSpec implements SlidingWindow {
  private final int filters;
  private final int multiplier;
  private final Window window;

  public SeparableConv2DSpec(LayerMethod method, Shape input, Double activityL1,
      Activation activation, boolean useBias, L1Spec l1, PruneSpec prune, int filters,
      int multiplier, Window kernel) {
    super(LayerKind.SEPARABLE_CONV2D, method, input,
        multiplier > 0 ? ShapeInference.conv2d(input, kernel, filters) : Shape.UNKNOWN,
        activityL1, activation, useBias, l1, prune);
    this.filters = filters;
    this.multiplier = multiplier;
    this.window = kernel;
  }

  public int filters() {
    return filters;
  }

  /** Depthwise output channels per input channel. */
  public int depthMultiplier() {
    return multiplier;
  }

  @Override
  public Window window() {
    return window;
  }

  @Override
  public int outputChannels() {
    return filters;
  }

  /** The depthwise output's channels, the pointwise kernel's rows: {@code C * depthMultiplier}. */
  public long middleChannels() {
    return input().known() && input().rank() == 3 ? (long) input().dim(2) * multiplier : 0;
  }

  /** Kernel taps: {@code kh * kw}. */
  public long taps() {
    int[] k = window.size();
    return (long) k[0] * k[1];
  }

  /** Output positions per example: {@code out_h*out_w}; 0 without an output shape. */
  public long positions() {
    return output().known() ? (long) output().dim(0) * output().dim(1) : 0;
  }

  /** The depthwise kernel's values: {@code kh*kw*C*depthMultiplier}. */
  public long depthwiseKernelSize() {
    return taps() * middleChannels();
  }

  /** The pointwise kernel's values: {@code C*depthMultiplier*filters}. */
  public long pointwiseKernelSize() {
    return middleChannels() * filters;
  }

  /** Both kernels, as Keras counts the layer's weights. */
  @Override
  public long kernelSize() {
    return depthwiseKernelSize() + pointwiseKernelSize();
  }

  /** The depthwise output, one example: {@code out_h*out_w*C*depthMultiplier}. */
  @Override
  public long patchesSize() {
    return positions() * middleChannels();
  }

  @Override
  public long macsPerExample() {
    return positions() * kernelSize();
  }
}
