package dev.topiary;

/** Training losses a {@link Model} can declare. */
public enum Loss {
  /**
   * Keras {@code SparseCategoricalCrossentropy}: labels are class indices and the last layer is a
   * SOFTMAX; loss = -log(p[label]) averaged over the batch. Its backward is fused with the softmax
   * (gradient of the logits = p - onehot(label)).
   */
  SPARSE_CATEGORICAL_CROSSENTROPY
}
