package dev.topiary.processor.model;

import dev.topiary.architecture.LayerKind;

/**
 * A {@code @GlobalAveragePooling2D} or {@code @GlobalMaxPooling2D} layer: each channel of an
 * image pooled over all positions, a vector of the channels (so Dense may follow, as in Keras).
 */
public final class GlobalPoolingSpec extends LayerSpec {
  public GlobalPoolingSpec(LayerKind kind, LayerMethod method, Shape input, Double activityL1) {
    super(kind, method, input, input.rank() == 3 ? Shape.of(input.dim(2)) : Shape.UNKNOWN,
        activityL1);
    if (!kind.globalPooling()) {
      throw new IllegalArgumentException(kind + " is not a global pooling");
    }
  }
}
