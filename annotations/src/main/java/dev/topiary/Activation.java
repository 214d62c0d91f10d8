package dev.topiary;

/** Element-wise (or, for SOFTMAX, per-example) activations fused into a layer's forward pass. */
public enum Activation {
  /** Identity: a = z. The default. */
  LINEAR,
  /** Rectified linear unit: a = max(z, 0); it makes activations exactly zero. */
  RELU,
  /** a_i = exp(z_i) / sum_j exp(z_j) over the layer's units; only valid on the last layer. */
  SOFTMAX
}
