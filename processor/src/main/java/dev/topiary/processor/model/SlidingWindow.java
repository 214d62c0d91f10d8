package dev.topiary.processor.model;

import dev.topiary.Padding;

/**
 * A window slid over an image with strides and padding: Conv2D's kernel, MaxPooling2D's pool.
 * Validation and shape inference treat the two alike.
 */
public sealed interface SlidingWindow permits Conv2DSpec, MaxPoolingSpec {
  /** The window's height and width as declared: Conv2D's kernel, MaxPooling2D's pool size. */
  int[] window();

  /** The annotation attribute that declares the window: {@code "kernel"} or {@code "value"}. */
  String windowAttribute();

  /** Strides as declared (pooling's empty default already replaced by the pool size). */
  int[] strides();

  Padding padding();

  /** The image the window slides over. */
  Shape input();

  /** Rows of padding above the image (SAME; 0 for VALID). */
  default int padTop() {
    return ShapeInference.padBefore(input().dim(0), window()[0], strides()[0], padding());
  }

  /** Columns of padding left of the image (SAME; 0 for VALID). */
  default int padLeft() {
    return ShapeInference.padBefore(input().dim(1), window()[1], strides()[1], padding());
  }
}
