package dev.topiary.processor.model;

import dev.topiary.architecture.LayerKind;

/** A {@code @Flatten} layer: an image as one vector (NHWC order, so no data moves). */
public final class FlattenSpec extends LayerSpec {
  public FlattenSpec(LayerMethod method, Shape input, Double activityL1) {
    super(LayerKind.FLATTEN, method, input, ShapeInference.flatten(input), activityL1);
  }
}
