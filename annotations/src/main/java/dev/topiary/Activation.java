package dev.topiary;

/** Element-wise (or, for SOFTMAX, per-example) activations fused into a layer's forward pass. */
public enum Activation {
  /** Identity: a = z. The default. */
  LINEAR,
  /** Rectified linear unit: a = max(z, 0); it makes activations exactly zero. */
  RELU,
  /**
   * Leaky rectified linear unit: a = z for z > 0, else 0.3 z (Keras's {@code LeakyReLU} default
   * slope; the standalone {@link LeakyReLU} layer takes another). Keeps a gradient for negative
   * inputs, so units cannot die.
   */
  LEAKY_RELU,
  /**
   * a_i = exp(z_i) / sum_j exp(z_j) over the layer's units (per position for Conv2D); meant for
   * the last layer, with the cross-entropy loss.
   */
  SOFTMAX,
  /**
   * Sparsemax (Martins &amp; Astudillo, 2016): the Euclidean projection of z onto the probability
   * simplex; sums to 1 like softmax but gives exact zeros. Pairs with {@link Loss#SPARSEMAX}.
   */
  SPARSEMAX,
  /**
   * Logistic sigmoid, element-wise: a = 1 / (1 + exp(-z)), in (0, 1). The output of a binary or
   * multi-label classifier trained with {@link Loss#BINARY_CROSSENTROPY}, which reads the logits
   * z (Keras computes it from the logits the sigmoid received).
   */
  SIGMOID,
  /** Hyperbolic tangent, element-wise: a = tanh(z), in (-1, 1); tanh(0) = 0. */
  TANH
}
