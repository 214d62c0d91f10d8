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
  SPARSEMAX
}
