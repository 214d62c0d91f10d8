package dev.topiary.processor.model;

import dev.topiary.architecture.LayerKind;

/** A {@code @GlobalAveragePooling1D} layer: the mean over the steps, one value per channel. */
public final class GlobalAveragePooling1DSpec extends LayerSpec {
  public GlobalAveragePooling1DSpec(LayerMethod method, Shape input, Double activityL1) {
    super(LayerKind.GLOBAL_AVERAGE_POOLING1D, method, input,
        input.rank() == 2 ? Shape.of(input.dim(1)) : Shape.UNKNOWN, activityL1);
  }
}
