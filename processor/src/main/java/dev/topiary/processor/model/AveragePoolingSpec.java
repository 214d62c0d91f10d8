package dev.topiary.processor.model;

import dev.topiary.architecture.LayerKind;

/**
 * An {@code @AveragePooling2D} layer: the mean of each window, channel by channel (under SAME,
 * of the values inside the input only).
 */
public final class AveragePoolingSpec extends LayerSpec implements SlidingWindow {
  private final Window window;

  public AveragePoolingSpec(LayerMethod method, Shape input, Double activityL1, Window pool) {
    super(LayerKind.AVERAGE_POOLING2D, method, input, ShapeInference.maxPooling(input, pool),
        activityL1);
    this.window = pool;
  }

  /** The pool as it slides: its size, strides and padding. */
  @Override
  public Window window() {
    return window;
  }
}
