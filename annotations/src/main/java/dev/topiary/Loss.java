package dev.topiary;

/** Training losses a {@link Model} can declare. */
public enum Loss {
  /**
   * Keras {@code SparseCategoricalCrossentropy}: labels are class indices and the last layer is a
   * SOFTMAX; loss = -log(p[label]) averaged over the batch. Its backward is fused with the softmax
   * (gradient of the logits = p - onehot(label)).
   */
  SPARSE_CATEGORICAL_CROSSENTROPY,
  /**
   * The sparsemax loss (Martins &amp; Astudillo 2016, eq. 19) over a SPARSEMAX output:
   * {@code L = -z_y + 1/2 sum_{j in S(z)} (z_j^2 - tau^2) + 1/2}, gradient
   * {@code sparsemax(z) - onehot(y)}.
   */
  SPARSEMAX,
  /**
   * Keras {@code MeanSquaredError}, for regression: targets are floats, one per output, and
   * {@code loss = mean over the outputs of (a - t)^2}, averaged over the batch, on the output
   * values {@code a} after the last layer's activation (LINEAR for an unbounded target, SIGMOID or
   * TANH for a bounded one). Train it on a {@code Dataset.ofTargets}.
   */
  MEAN_SQUARED_ERROR,
  /**
   * Keras {@code BinaryCrossentropy} over a SIGMOID output: one independent yes/no per output
   * (one unit for a binary task, several for multi-label), targets in [0, 1]. Computed, as Keras
   * computes it after a sigmoid, from the logits {@code z} the sigmoid received, in the stable
   * form {@code max(z, 0) - z t + log(1 + exp(-|z|))}, averaged over the outputs and the batch;
   * its backward is fused with the sigmoid (gradient of the logits = sigmoid(z) - t). Train it
   * on a {@code Dataset.ofTargets}.
   */
  BINARY_CROSSENTROPY;

  /** Whether the loss reads float targets (one per output) rather than class labels. */
  public boolean takesTargets() {
    return this == MEAN_SQUARED_ERROR || this == BINARY_CROSSENTROPY;
  }
}
