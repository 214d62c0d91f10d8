package dev.topiary.processor.model;

import dev.topiary.Activation;
import dev.topiary.architecture.LayerKind;

/**
 * A {@code @DepthwiseConv2D} layer: each input channel convolved with its own
 * {@code depthMultiplier} kernels; output channel {@code c * depthMultiplier + m} (Keras).
 */
public final class DepthwiseConv2DSpec extends WeightedLayerSpec implements SlidingWindow {
  private final int multiplier;
  private final Window window;

  public DepthwiseConv2DSpec(LayerMethod method, Shape input, Double activityL1,
      Activation activation, boolean useBias, L1Spec l1, PruneSpec prune, int multiplier,
      Window kernel) {
    super(LayerKind.DEPTHWISE_CONV2D, method, input,
        ShapeInference.depthwise(input, kernel, multiplier), activityL1, activation, useBias, l1,
        prune);
    this.multiplier = multiplier;
    this.window = kernel;
  }

  /** Output channels per input channel. */
  public int depthMultiplier() {
    return multiplier;
  }

  @Override
  public Window window() {
    return window;
  }

  /** {@code C * depthMultiplier}, one bias each; 0 without an input shape. */
  @Override
  public int outputChannels() {
    return output().known() ? output().dim(2) : 0;
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

  @Override
  public long kernelSize() {
    return taps() * outputChannels();
  }

  @Override
  public long macsPerExample() {
    return positions() * kernelSize();
  }
}
