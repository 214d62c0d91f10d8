package dev.topiary.processor.model;

import dev.topiary.Padding;

/** A {@code @MaxPooling2D} layer: the largest value of each window, channel by channel. */
public final class MaxPoolingSpec extends LayerSpec implements SlidingWindow {
  private final int[] poolSize;
  private final int[] strides;
  private final Padding padding;

  /** {@code strides} as declared; empty (Keras's default) means the pool size. */
  public MaxPoolingSpec(LayerMethod method, Shape input, Double activityL1, int[] poolSize,
      int[] strides, Padding padding) {
    super(LayerKind.MAX_POOLING2D, method, input, ShapeInference.maxPooling(input, poolSize,
        strides.length == 0 ? poolSize : strides, padding), activityL1);
    this.poolSize = poolSize.clone();
    this.strides = strides.length == 0 ? poolSize.clone() : strides.clone();
    this.padding = padding;
  }

  /** The pool's height and width. */
  public int[] poolSize() {
    return poolSize.clone();
  }

  @Override
  public int[] window() {
    return poolSize();
  }

  @Override
  public String windowAttribute() {
    return "value";
  }

  @Override
  public int[] strides() {
    return strides.clone();
  }

  @Override
  public Padding padding() {
    return padding;
  }
}
