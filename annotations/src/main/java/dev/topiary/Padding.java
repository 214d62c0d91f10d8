package dev.topiary;

/** Spatial padding of convolution and pooling layers, as in Keras. */
public enum Padding {
  /** No padding: output = floor((input - kernel) / stride) + 1. The default. */
  VALID,
  /**
   * Zero padding so that output = ceil(input / stride); the extra row or column goes at the
   * bottom and right, as in TensorFlow.
   */
  SAME
}
