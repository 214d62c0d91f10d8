package dev.topiary.processor.model;

import dev.topiary.Activation;
import dev.topiary.architecture.LayerKind;

/**
 * A layer with a kernel and an optional bias (Conv2D, Dense): its activation and what
 * regularizes and prunes its kernel.
 */
public abstract sealed class WeightedLayerSpec extends LayerSpec permits Conv2DSpec, DenseSpec,
    DepthwiseConv2DSpec, SeparableConv2DSpec, Conv1DSpec {
  private final Activation activation;
  private final boolean useBias;
  private final L1Spec l1;
  private final PruneSpec prune;

  WeightedLayerSpec(LayerKind kind, LayerMethod method, Shape input, Shape output,
      Double activityL1, Activation activation, boolean useBias, L1Spec l1, PruneSpec prune) {
    super(kind, method, input, output, activityL1);
    this.activation = activation;
    this.useBias = useBias;
    this.l1 = l1;
    this.prune = prune;
  }

  /** The declared activation. */
  @Override
  public final Activation activation() {
    return activation;
  }

  /** Whether the layer adds a bias. */
  public final boolean useBias() {
    return useBias;
  }

  /** The {@code @L1} penalty on the kernel, or null when the layer has no {@code @L1}. */
  public final L1Spec l1() {
    return l1;
  }

  /** The {@code @Prune} schedule, or null when the layer is not pruned. */
  public final PruneSpec prune() {
    return prune;
  }

  /** Filters or units: the size of the output's last axis, one bias value each. */
  public abstract int outputChannels();

  @Override
  public final long biasSize() {
    return useBias ? outputChannels() : 0;
  }
}
