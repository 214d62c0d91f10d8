package dev.topiary.runtime;

/** The handle of a {@code @Dense} layer: {@code a = act(x W + b)}, kernel {@code [inputSize][units]}. */
public interface DenseLayer extends WeightedLayer {
  /** The number of input features. */
  int inputSize();

  /** The number of output units. */
  int units();
}
