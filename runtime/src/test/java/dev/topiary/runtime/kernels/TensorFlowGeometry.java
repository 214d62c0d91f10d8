package dev.topiary.runtime.kernels;

/**
 * TensorFlow's output size and padding of convolution and pooling, written as its documentation
 * states them (tensorflow.org, "Convolution" in the nn guide), so that the kernels' own
 * arithmetic is checked against an independent statement of the rule.
 */
final class TensorFlowGeometry {
  private TensorFlowGeometry() {}

  /** VALID: {@code ceil((in - k + 1) / s)}; SAME: {@code ceil(in / s)}. */
  static int outputSize(int in, int kernel, int stride, boolean same) {
    return same ? ceilDiv(in, stride) : ceilDiv(in - kernel + 1, stride);
  }

  /**
   * SAME: {@code pad_along = in % s == 0 ? max(k - s, 0) : max(k - in % s, 0)} and
   * {@code pad_top = pad_along / 2} (the extra row goes at the bottom); VALID: 0.
   */
  static int padBefore(int in, int kernel, int stride, boolean same) {
    if (!same) {
      return 0;
    }
    int along = in % stride == 0 ? Math.max(kernel - stride, 0)
        : Math.max(kernel - in % stride, 0);
    return along / 2;
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }
}
