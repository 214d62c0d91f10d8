package dev.topiary.processor.model;

import dev.topiary.architecture.LayerKind;

/** A {@code @LeakyReLU} layer: ReLU with slope {@code alpha} below zero. */
public final class LeakyReLUSpec extends ActivationLayerSpec {
  private final double alpha;

  public LeakyReLUSpec(LayerMethod method, Shape input, Double activityL1, double alpha) {
    super(LayerKind.LEAKY_RELU, method, input, activityL1);
    this.alpha = alpha;
  }

  /** The slope below zero, as declared. */
  @Override
  public double alpha() {
    return alpha;
  }
}
