package dev.topiary.processor.model;

import dev.topiary.Activation;
import dev.topiary.architecture.LayerKind;

/**
 * A standalone activation layer ({@code @ReLU}, {@code @Softmax}, {@code @Sparsemax}, and
 * {@code @LeakyReLU} as {@link LeakyReLUSpec}): its activation over its input, same shape.
 */
public sealed class ActivationLayerSpec extends LayerSpec permits LeakyReLUSpec {
  private final Activation activation;

  /** A layer of {@code kind}, one of RELU, SOFTMAX and SPARSEMAX. */
  public ActivationLayerSpec(LayerKind kind, LayerMethod method, Shape input,
      Double activityL1) {
    super(kind, method, input, input, activityL1);
    this.activation = switch (kind) {
      case RELU -> Activation.RELU;
      case LEAKY_RELU -> Activation.LEAKY_RELU;
      case SOFTMAX -> Activation.SOFTMAX;
      case SPARSEMAX -> Activation.SPARSEMAX;
      default -> throw new IllegalArgumentException(kind + " is not an activation layer");
    };
  }

  @Override
  public final Activation activation() {
    return activation;
  }
}
