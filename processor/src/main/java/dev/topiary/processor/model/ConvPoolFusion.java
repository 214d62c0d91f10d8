package dev.topiary.processor.model;

import dev.topiary.Activation;
import dev.topiary.architecture.Fusion;

/**
 * When a Conv2D and the MaxPooling2D right after it run as one kernel, for the processor's layer
 * specs: inference follows the shared rule ({@link Fusion#convPool}, which the runtime applies to
 * loaded architectures too); training narrows it.
 */
public final class ConvPoolFusion {
  private ConvPoolFusion() {}

  /**
   * Whether {@code layer} and {@code next} run fused for inference ({@code ConvPool}: no patches,
   * no conv activations, only the pooled output): a Conv2D whose activation is ReLU, which
   * commutes with the max, or none, followed by a MaxPooling2D.
   */
  public static boolean forInference(LayerSpec layer, LayerSpec next) {
    return Fusion.convPool(layer.kind(), layer.activation(), next == null ? null : next.kind());
  }

  /**
   * Whether the pair also trains fused ({@code ConvPoolTraining}, image by image), the ReLU's
   * backward running in the pooling's: only winners of a window receive a gradient, and a winner
   * passes it exactly when the pooled value is above zero, so one pass over the pooling's input
   * gradient does both ({@code MaxPoolKernels.backwardReluImages}). Only with ReLU, and not when
   * an activity penalty on the conv's output adds to its gradient between the two backward
   * passes.
   */
  public static boolean forTraining(LayerSpec layer, LayerSpec next) {
    return forInference(layer, next) && layer.activation() == Activation.RELU
        && layer.activityL1() == null;
  }
}
