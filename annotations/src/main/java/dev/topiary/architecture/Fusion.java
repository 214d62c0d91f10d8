package dev.topiary.architecture;

import dev.topiary.Activation;

/** Which neighbouring layers run as one fused pass at inference. */
public final class Fusion {
  private Fusion() {}

  /**
   * Whether a layer of {@code kind} with {@code activation}, followed by a layer of {@code next},
   * runs fused with it: a Conv2D with ReLU or no activation followed by max pooling computes only
   * the pooled output (ReLU commutes with max, so it is applied after pooling) and keeps no
   * patches, conv activations or argmax.
   *
   * @param next the next layer's kind, or null for the last layer
   */
  public static boolean convPool(LayerKind kind, Activation activation, LayerKind next) {
    return kind == LayerKind.CONV2D && next == LayerKind.MAX_POOLING2D
        && (activation == Activation.RELU || activation == Activation.LINEAR);
  }
}
