package dev.topiary.processor.model;

/** The kinds of layer the DSL declares, with the annotation, Keras type name and handle type of each. */
public enum LayerKind {
  CONV2D("Conv2D", "Conv2DLayer", true),
  MAX_POOLING2D("MaxPooling2D", "Layer", false),
  FLATTEN("Flatten", "Layer", false),
  DENSE("Dense", "DenseLayer", true),
  RELU("ReLU", "Layer", false),
  LEAKY_RELU("LeakyReLU", "Layer", false),
  SOFTMAX("Softmax", "Layer", false),
  SPARSEMAX("Sparsemax", "Layer", false);

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

  /** Whether the layer has a kernel (and so may carry {@code @L1}). */
  public boolean weighted() {
    return weighted;
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
