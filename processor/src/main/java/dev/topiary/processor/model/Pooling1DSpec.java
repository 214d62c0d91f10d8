package dev.topiary.processor.model;

import dev.topiary.Padding;
import dev.topiary.architecture.LayerKind;

/**
 * A {@code @MaxPooling1D} or {@code @AveragePooling1D} layer over a {@code steps x channels}
 * sequence; it runs as pooling over a {@code 1 x steps x channels} image ({@link #window()}).
 */
public final class Pooling1DSpec extends LayerSpec implements SlidingWindow {
  private final int pool;
  private final int stride;
  private final Padding padding;

  public Pooling1DSpec(LayerKind kind, LayerMethod method, Shape input, Double activityL1,
      int pool, int stride, Padding padding) {
    super(kind, method, input, ShapeInference.sequence(input, pool, stride, padding,
        input.rank() == 2 ? input.dim(1) : 0), activityL1);
    this.pool = pool;
    this.stride = stride;
    this.padding = padding;
  }

  /** The pool's length. */
  public int poolSize() {
    return pool;
  }

  /** The stride (the pool size unless written). */
  public int stride() {
    return stride;
  }

  /** The pool as a {@code 1 x pool} window over a one-row image. */
  @Override
  public Window window() {
    return new Window(new int[] {1, pool}, new int[] {1, stride}, padding);
  }
}
