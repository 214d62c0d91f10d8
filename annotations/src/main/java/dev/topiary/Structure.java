package dev.topiary;

/** What {@link Prune} removes together: single weights, whole channels, or N of every M weights. */
public enum Structure {
  /** Single kernel weights of smallest magnitude, anywhere in the kernel. The default. */
  UNSTRUCTURED,
  /**
   * Whole output channels (conv filters, dense units) of smallest L2 norm, with their bias; such
   * a layer can be rebuilt smaller and dense.
   */
  CHANNELS,
  /**
   * Semi-structured N:M sparsity (e.g. 2:4, as on sparse tensor cores and in tfmot's
   * {@code sparsity_m_by_n}): in every group of {@link Prune#m()} consecutive weights along the
   * input (reduction) dimension, the {@link Prune#n()} largest stay.
   */
  N_OF_M
}
