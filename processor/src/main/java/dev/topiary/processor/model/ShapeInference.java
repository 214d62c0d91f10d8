package dev.topiary.processor.model;

import dev.topiary.Padding;
import dev.topiary.architecture.Geometry;

/**
 * Keras's output-shape rules for each layer kind (activation layers keep their input's shape).
 * A layer whose input or values make no valid output gets {@link Shape#UNKNOWN}; the validation
 * rules say why. Each {@link LayerSpec} computes its output with these.
 */
public final class ShapeInference {
  /**
   * The most values one tensor, kernel or buffer may hold: a Java array's limit (the JDK's
   * {@code ArraysSupport.SOFT_MAX_ARRAY_LENGTH}), as every one is a {@code float[]}.
   */
  public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  private ShapeInference() {}

  /** Whether a tensor of {@code shape} fits in one array; an unknown shape does not. */
  public static boolean fits(Shape shape) {
    return shape.known() && shape.size() <= MAX_VALUES;
  }

  /** Conv2D's output: {@code filters} channels at each position of the kernel, or UNKNOWN. */
  public static Shape conv2d(Shape in, Window kernel, int filters) {
    return spatial(in, kernel, filters);
  }

  /** MaxPooling2D's output: the input's channels at each position of the pool, or UNKNOWN. */
  public static Shape maxPooling(Shape in, Window pool) {
    return spatial(in, pool, in.rank() == 3 ? in.dim(2) : 0);
  }

  /**
   * DepthwiseConv2D's output: {@code C * multiplier} channels at each position of the kernel, or
   * UNKNOWN.
   */
  public static Shape depthwise(Shape in, Window kernel, int multiplier) {
    long channels = in.rank() == 3 && multiplier > 0 ? (long) in.dim(2) * multiplier : 0;
    return channels > 0 && channels <= MAX_VALUES ? spatial(in, kernel, (int) channels)
        : Shape.UNKNOWN;
  }

  /**
   * A 1D layer's output over a {@code steps x channels} input: {@code channels} at each position
   * of a window of {@code window} steps moved by {@code stride}, or UNKNOWN.
   */
  public static Shape sequence(Shape in, int window, int stride, Padding padding, int channels) {
    if (in.rank() != 2 || window <= 0 || stride <= 0 || channels <= 0) {
      return Shape.UNKNOWN;
    }
    if (padding == Padding.VALID && window > in.dim(0)) {
      return Shape.UNKNOWN;
    }
    int steps = outputSize(in.dim(0), window, stride, padding);
    return steps > 0 ? Shape.of(steps, channels) : Shape.UNKNOWN;
  }

  /** Flatten's output: the image's (or sequence's) values as one vector, or UNKNOWN. */
  public static Shape flatten(Shape in) {
    return (in.rank() == 3 || in.rank() == 2) && fits(in) ? Shape.of((int) in.size()) : Shape.UNKNOWN;
  }

  /** Dense's output: {@code units} values from a vector, or UNKNOWN. */
  public static Shape dense(Shape in, int units) {
    return in.rank() == 1 && units > 0 ? Shape.of(units) : Shape.UNKNOWN;
  }

  /** {@link Geometry#outputSize}: VALID {@code (in - k) / s + 1}, SAME {@code ceil(in / s)}. */
  public static int outputSize(int in, int kernel, int stride, Padding padding) {
    return Geometry.outputSize(in, kernel, stride, padding);
  }

  /** {@link Geometry#padBefore}: SAME's padding before the first row/column, smaller half first. */
  public static int padBefore(int in, int kernel, int stride, Padding padding) {
    return Geometry.padBefore(in, kernel, stride, padding);
  }

  private static Shape spatial(Shape in, Window w, int channels) {
    int[] window = w.size();
    int[] strides = w.strides();
    Padding padding = w.padding();
    if (in.rank() != 3 || channels <= 0 || !positivePair(window) || !positivePair(strides)) {
      return Shape.UNKNOWN;
    }
    int oh = outputSize(in.dim(0), window[0], strides[0], padding);
    int ow = outputSize(in.dim(1), window[1], strides[1], padding);
    if (padding == Padding.VALID && (window[0] > in.dim(0) || window[1] > in.dim(1))) {
      return Shape.UNKNOWN;
    }
    return oh > 0 && ow > 0 ? Shape.of(oh, ow, channels) : Shape.UNKNOWN;
  }

  /** Whether {@code v} is non-empty and every value is positive. */
  public static boolean positiveAll(int[] v) {
    if (v.length == 0) {
      return false;
    }
    for (int d : v) {
      if (d <= 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code v} is two positive values. */
  public static boolean positivePair(int[] v) {
    return v.length == 2 && v[0] > 0 && v[1] > 0;
  }
}
