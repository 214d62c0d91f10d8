package dev.topiary.architecture;

import dev.topiary.Padding;

/** The spatial shape rules of convolution and pooling along one axis, as TensorFlow and Keras compute them. */
public final class Geometry {
  private Geometry() {}

  /**
   * Outputs along an axis of {@code in} values for a window of {@code window} moved by
   * {@code stride}: {@code ceil(in / stride)} under SAME, {@code (in - window) / stride + 1} under
   * VALID (0 when the window does not fit).
   */
  public static int outputSize(int in, int window, int stride, Padding padding) {
    if (padding == Padding.SAME) {
      return (in + stride - 1) / stride;
    }
    return in < window ? 0 : (in - window) / stride + 1;
  }

  /**
   * Padding before the first row or column: 0 under VALID; under SAME half of the total padding
   * {@code max((out - 1) * stride + window - in, 0)}, the smaller half first (TensorFlow).
   */
  public static int padBefore(int in, int window, int stride, Padding padding) {
    if (padding != Padding.SAME) {
      return 0;
    }
    int out = outputSize(in, window, stride, padding);
    int total = Math.max((out - 1) * stride + window - in, 0);
    return total / 2;
  }
}
