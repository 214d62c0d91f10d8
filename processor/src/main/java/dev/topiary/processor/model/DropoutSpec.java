package dev.topiary.processor.model;

import dev.topiary.architecture.LayerKind;

/** A {@code @Dropout} layer: inverted dropout while training, the identity at inference. */
public final class DropoutSpec extends LayerSpec {
  private final double rate;

  public DropoutSpec(LayerMethod method, Shape input, Double activityL1, double rate) {
    super(LayerKind.DROPOUT, method, input, input, activityL1);
    this.rate = rate;
  }

  /** The fraction of values dropped while training, as written (validation checks it). */
  public double rate() {
    return rate;
  }
}
