package dev.topiary.runtime.internal;

/**
 * A BatchNormalization layer's handle: its trained {@code gamma} and {@code beta} (as many as it
 * has) and its two moving statistics, not trained, counted as Keras's summary counts them.
 */
public final class BatchNormHandle extends LayerHandle {
  private final long trainable;
  private final long nonTrainable;

  public BatchNormHandle(String name, int trainable, int nonTrainable, int... outputShape) {
    super(name, "BatchNormalization", outputShape);
    this.trainable = trainable;
    this.nonTrainable = nonTrainable;
  }

  @Override
  public long parameterCount() {
    return trainable;
  }

  @Override
  public long nonTrainableParameterCount() {
    return nonTrainable;
  }
}
