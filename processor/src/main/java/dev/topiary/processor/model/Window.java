package dev.topiary.processor.model;

import dev.topiary.Padding;

/**
 * A window slid over an image, as declared: Conv2D's kernel or MaxPooling2D's pool, with strides
 * and padding. Values may be invalid (validation judges them); the arrays are copied in and out.
 *
 * @param size the window's height and width
 * @param strides the step along height and width
 * @param padding VALID (no padding) or SAME (padded so that the output is {@code ceil(in / s)})
 */
public record Window(int[] size, int[] strides, Padding padding) {
  public Window {
    size = size.clone();
    strides = strides.clone();
  }

  @Override
  public int[] size() {
    return size.clone();
  }

  @Override
  public int[] strides() {
    return strides.clone();
  }

  /** Rows of padding above an image of shape {@code in} (0 for VALID). */
  public int padTop(Shape in) {
    return ShapeInference.padBefore(in.dim(0), size[0], strides[0], padding);
  }

  /** Columns of padding left of an image of shape {@code in} (0 for VALID). */
  public int padLeft(Shape in) {
    return ShapeInference.padBefore(in.dim(1), size[1], strides[1], padding);
  }
}
