package dev.topiary.processor.model;

import dev.topiary.Activation;
import dev.topiary.architecture.LayerKind;

/** A {@code @Dense} layer: {@code units} outputs, each a weighted sum of the whole input. */
public final class DenseSpec extends WeightedLayerSpec {
  private final int units;

  public DenseSpec(LayerMethod method, Shape input, Double activityL1, Activation activation,
      boolean useBias, L1Spec l1, PruneSpec prune, int units) {
    super(LayerKind.DENSE, method, input, ShapeInference.dense(input, units), activityL1,
        activation, useBias, l1, prune);
    this.units = units;
  }

  public int units() {
    return units;
  }

  @Override
  public int outputChannels() {
    return units;
  }

  @Override
  public long kernelSize() {
    return input().known() ? input().size() * units : 0;
  }

  @Override
  public long macsPerExample() {
    return output().known() ? kernelSize() : 0;
  }
}
