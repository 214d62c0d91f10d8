package dev.topiary.architecture;

import dev.topiary.Activation;

/**
 * The kinds of layer the DSL declares, with each one's annotation (also its Keras type name and
 * its word in the architecture text) and the runtime handle type its method returns.
 */
public enum LayerKind {
  CONV2D("Conv2D", "Conv2DLayer", true),
  MAX_POOLING2D("MaxPooling2D", "Layer", false),
  FLATTEN("Flatten", "Layer", false),
  DENSE("Dense", "DenseLayer", true),
  RELU("ReLU", "Layer", false),
  LEAKY_RELU("LeakyReLU", "Layer", false),
  SOFTMAX("Softmax", "Layer", false),
  SPARSEMAX("Sparsemax", "Layer", false),
  DROPOUT("Dropout", "Layer", false),
  AVERAGE_POOLING2D("AveragePooling2D", "Layer", false),
  GLOBAL_AVERAGE_POOLING2D("GlobalAveragePooling2D", "Layer", false),
  GLOBAL_MAX_POOLING2D("GlobalMaxPooling2D", "Layer", false),
  BATCH_NORMALIZATION("BatchNormalization", "Layer", false),
  DEPTHWISE_CONV2D("DepthwiseConv2D", "Layer", true),
  SEPARABLE_CONV2D("SeparableConv2D", "Layer", true),
  CONV1D("Conv1D", "Layer", true),
  MAX_POOLING1D("MaxPooling1D", "Layer", false),
  AVERAGE_POOLING1D("AveragePooling1D", "Layer", false),
  GLOBAL_AVERAGE_POOLING1D("GlobalAveragePooling1D", "Layer", false);

  private final String annotation;
  private final String handle;
  private final boolean weighted;

  LayerKind(String annotation, String handle, boolean weighted) {
    this.annotation = annotation;
    this.handle = handle;
    this.weighted = weighted;
  }

  /** The annotation's simple name in {@code dev.topiary}, also the Keras layer type. */
  public String annotation() {
    return annotation;
  }

  /** The simple name of the handle type in {@code dev.topiary.runtime} the layer method returns. */
  public String handle() {
    return handle;
  }

  /** Whether the layer has a kernel (and so may carry {@code @L1} and {@code @Prune}). */
  public boolean weighted() {
    return weighted;
  }

  /** Whether the layer pools or convolves over height and width (window, strides, padding). */
  public boolean spatial() {
    return this == CONV2D || this == MAX_POOLING2D || this == AVERAGE_POOLING2D;
  }

  /** Whether the layer pools each channel over all positions into one value (a vector of channels). */
  public boolean globalPooling() {
    return this == GLOBAL_AVERAGE_POOLING2D || this == GLOBAL_MAX_POOLING2D;
  }

  /**
   * Whether the layer convolves (Conv2D, DepthwiseConv2D, SeparableConv2D, Conv1D): a kernel
   * slid with strides and padding.
   */
  public boolean convolution() {
    return this == CONV2D || this == DEPTHWISE_CONV2D || this == SEPARABLE_CONV2D || this == CONV1D;
  }

  /** Whether the layer works on {@code steps x channels} sequences (the 1D layers). */
  public boolean sequence() {
    return this == CONV1D || this == MAX_POOLING1D || this == AVERAGE_POOLING1D
        || this == GLOBAL_AVERAGE_POOLING1D;
  }

  /** Whether this is a standalone activation layer (ReLU, LeakyReLU, Softmax, Sparsemax). */
  public boolean activationLayer() {
    return this == RELU || this == LEAKY_RELU || this == SOFTMAX || this == SPARSEMAX;
  }

  /** The activation a standalone activation layer applies; null for other kinds. */
  public Activation activation() {
    switch (this) {
      case RELU:
        return Activation.RELU;
      case LEAKY_RELU:
        return Activation.LEAKY_RELU;
      case SOFTMAX:
        return Activation.SOFTMAX;
      case SPARSEMAX:
        return Activation.SPARSEMAX;
      default:
        return null;
    }
  }

  /** The kind whose annotation has this simple name, or {@code null}. */
  public static LayerKind forAnnotation(String simpleName) {
    for (LayerKind k : values()) {
      if (k.annotation.equals(simpleName)) {
        return k;
      }
    }
    return null;
  }
}
