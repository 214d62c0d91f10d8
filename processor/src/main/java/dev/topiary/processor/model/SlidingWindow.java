package dev.topiary.processor.model;

/**
 * A layer that slides a {@link Window} over an image: Conv2D (its kernel) and MaxPooling2D (its
 * pool). Validation and shape inference treat the two alike.
 */
public sealed interface SlidingWindow permits Conv2DSpec, MaxPoolingSpec, AveragePoolingSpec,
    DepthwiseConv2DSpec, SeparableConv2DSpec, Conv1DSpec, Pooling1DSpec {
  /** The window, its strides and padding. */
  Window window();
}
