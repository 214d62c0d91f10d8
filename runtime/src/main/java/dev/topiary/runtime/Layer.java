package dev.topiary.runtime;

/**
 * One layer of a generated network, as its model interface declares it: the handle that the
 * layer method ({@code conv()}, {@code hidden()}, ...) returns. Layers without weights (pooling,
 * flatten) are plain {@code Layer}s; {@link DenseLayer} and {@link Conv2DLayer} add their weights.
 */
public interface Layer {
  /** The layer's name: the name of its method in the model interface, e.g. {@code "conv"}. */
  String name();

  /** The layer's type as Keras names it, e.g. {@code "Conv2D"}, {@code "MaxPooling2D"}. */
  String type();

  /** The shape of one example's output, without the batch dimension: {@code {h, w, c}} or {@code {n}}. */
  int[] outputShape();

  /** The number of trainable parameters (kernel and bias); 0 for layers without weights. */
  long parameterCount();

  /**
   * The number of values the layer stores but does not train (a BatchNormalization layer's
   * moving mean and variance); 0 for most layers. Keras's summary adds them to the layer's count.
   */
  default long nonTrainableParameterCount() {
    return 0;
  }
}
