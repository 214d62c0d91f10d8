package dev.topiary.processor.model;

import dev.topiary.architecture.LayerKind;

/** A {@code @MaxPooling2D} layer: the largest value of each window, channel by channel. */
public final class MaxPoolingSpec extends LayerSpec implements SlidingWindow {
  private final Window window;

  public MaxPoolingSpec(LayerMethod method, Shape input, Double activityL1, Window pool) {
    super(LayerKind.MAX_POOLING2D, method, input, ShapeInference.maxPooling(input, pool),
        activityL1);
    this.window = pool;
  }

  /** The pool's height and width. */
  public int[] poolSize() {
    return window.size();
  }

  /** The pool as it slides: its size, strides and padding. */
  @Override
  public Window window() {
    return window;
  }
}
