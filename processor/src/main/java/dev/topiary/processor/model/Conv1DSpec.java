package dev.topiary.processor.model;

import dev.topiary.Activation;
import dev.topiary.Padding;
import dev.topiary.architecture.LayerKind;

/**
 * A {@code @Conv1D} layer: {@code filters} kernels of {@code kernel} steps slid over a
 * {@code steps x channels} sequence. It runs as a Conv2D over a {@code 1 x steps x channels}
 * image with a {@code 1 x kernel} kernel ({@link #window()}), which computes the same.
 */
public final class Conv1DSpec extends WeightedLayerSpec implements SlidingWindow {
  private final int filters;
  private final int kernel;
  private final int stride;
  private final Padding padding;

  public Conv1DSpec(LayerMethod method, Shape input, Double activityL1, Activation activation,
      boolean useBias, L1Spec l1, PruneSpec prune, int filters, int kernel, int stride,
      Padding padding) {
    super(LayerKind.CONV1D, method, input,
        ShapeInference.sequence(input, kernel, stride, padding, filters), activityL1, activation,
        useBias, l1, prune);
    this.filters = filters;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
  }

  public int filters() {
    return filters;
  }

  /** The kernel's length along the steps. */
  public int kernel() {
    return kernel;
  }

  /** The stride along the steps. */
  public int stride() {
    return stride;
  }

  /** The kernel as a {@code 1 x kernel} window over a one-row image. */
  @Override
  public Window window() {
    return new Window(new int[] {1, kernel}, new int[] {1, stride}, padding);
  }

  @Override
  public int outputChannels() {
    return filters;
  }

  /** Values of one input patch, a kernel's rows: {@code k*cin}; 0 without an input shape. */
  public long patchSize() {
    return input().known() && input().rank() == 2 ? (long) kernel * input().dim(1) : 0;
  }

  /** Output steps per example; 0 without an output shape. */
  public long positions() {
    return output().known() ? output().dim(0) : 0;
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
