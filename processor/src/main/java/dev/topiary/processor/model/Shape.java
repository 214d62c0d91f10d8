package dev.topiary.processor.model;

import java.util.Arrays;

/**
 * The shape of one example's tensor between layers, without the batch dimension: rank 3
 * ({@code h x w x c}, NHWC), rank 2 ({@code steps x channels}) or rank 1 ({@code n}), or
 * {@link #UNKNOWN} after a layer whose shape could not be inferred (so that one mistake is reported once, not again by every later layer).
 */
public final class Shape {
  /** The shape after an invalid layer. */
  public static final Shape UNKNOWN = new Shape(new int[0]);

  private final int[] dims;

  private Shape(int[] dims) {
    this.dims = dims;
  }

  /** A shape with the given dimensions (copied). */
  public static Shape of(int... dims) {
    return new Shape(dims.clone());
  }

  /** Whether this shape was inferred. */
  public boolean known() {
    return this != UNKNOWN;
  }

  /** The number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Dimension {@code i}. */
  public int dim(int i) {
    return dims[i];
  }

  /** The dimensions (a copy). */
  public int[] dims() {
    return dims.clone();
  }

  /** The number of values, the product of the dimensions. */
  public long size() {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /** {@code 26x26x32}, or {@code 10}, as messages and comments write shapes. */
  @Override
  public String toString() {
    if (!known()) {
      return "?";
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      s.append(i == 0 ? "" : "x").append(dims[i]);
    }
    return s.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims) && known() == ((Shape) o).known();
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }
}
