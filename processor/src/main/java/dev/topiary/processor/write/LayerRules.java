package dev.topiary.processor.write;

import dev.topiary.architecture.LayerKind;

/**
 * The training rules of layers without a kernel: a Dropout layer counts the steps that choose its
 * masks, a BatchNormalization layer moves its statistics after each step. Each sits in the field
 * {@code <layer>Rule}; the constructor registers them after the kernels' rules.
 */
final class LayerRules {
  private LayerRules() {}

  /** Whether {@code layer} has a rule. */
  static boolean has(LayerPlan layer) {
    LayerKind kind = layer.spec().kind();
    return kind == LayerKind.DROPOUT || kind == LayerKind.BATCH_NORMALIZATION;
  }

  /** The rule's field: {@code dropRule}. */
  static String field(LayerPlan layer) {
    return layer.var() + "Rule";
  }
}
