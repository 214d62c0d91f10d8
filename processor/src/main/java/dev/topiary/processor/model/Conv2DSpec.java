package dev.topiary.processor.model;

import dev.topiary.Activation;
import dev.topiary.architecture.LayerKind;

/** A {@code @Conv2D} layer: {@code filters} kernels of {@code kernel} slid over the image. */
public final class Conv2DSpec extends WeightedLayerSpec implements SlidingWindow {
  private final int filters;
  private final Window window;

  public Conv2DSpec(LayerMethod method, Shape input, Double activityL1, Activation activation,
      boolean useBias, L1Spec l1, PruneSpec prune, int filters, Window kernel) {
    super(LayerKind.CONV2D, method, input, ShapeInference.conv2d(input, kernel, filters),
        activityL1, activation, useBias, l1, prune);
    this.filters = filters;
    this.window = kernel;
  }

  public int filters() {
    return filters;
  }

  /** The kernel's height and width. */
  public int[] kernel() {
    return window.size();
  }

  /** The kernel as it slides: its size, strides and padding. */
  @Override
  public Window window() {
    return window;
  }

  @Override
  public int outputChannels() {
    return filters;
  }

  /** Values of one input patch, a kernel's rows: {@code kh*kw*cin}; 0 without an input shape. */
  public long patchSize() {
    int[] kernel = window.size();
    return input().known() ? (long) kernel[0] * kernel[1] * input().dim(2) : 0;
  }

  /** Output positions per example, the patches: {@code out_h*out_w}; 0 without an output shape. */
  public long positions() {
    return output().known() ? (long) output().dim(0) * output().dim(1) : 0;
  }

  @Override
  public long kernelSize() {
    return patchSize() * filters;
  }

  @Override
  public long patchesSize() {
    return positions() * patchSize();
  }

  @Override
  public long macsPerExample() {
    return positions() * kernelSize();
  }
}
