package dev.topiary.processor.model;

import dev.topiary.architecture.LayerKind;

/**
 * A {@code @BatchNormalization} layer over the last axis: trained {@code gamma} (when
 * {@code scale}) and {@code beta} (when {@code center}), and moving statistics that are saved but
 * not trained. Values as written; validation checks them.
 */
public final class BatchNormSpec extends LayerSpec {
  private final double momentum;
  private final double epsilon;
  private final boolean center;
  private final boolean scale;

  public BatchNormSpec(LayerMethod method, Shape input, Double activityL1, double momentum,
      double epsilon, boolean center, boolean scale) {
    super(LayerKind.BATCH_NORMALIZATION, method, input, input, activityL1);
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.center = center;
    this.scale = scale;
  }

  public double momentum() {
    return momentum;
  }

  public double epsilon() {
    return epsilon;
  }

  public boolean center() {
    return center;
  }

  public boolean scale() {
    return scale;
  }

  /** The normalized axis's size: the channels, or the vector's length; 0 when unknown. */
  public int channels() {
    return input().known() ? input().dim(input().rank() - 1) : 0;
  }

  /** {@code gamma} and {@code beta}, as many as the layer has. */
  @Override
  public long otherParameters() {
    return (long) channels() * ((center ? 1 : 0) + (scale ? 1 : 0));
  }

  /** The moving mean and variance: saved, not trained. */
  public long nonTrainableParameters() {
    return 2L * channels();
  }
}
