package dev.topiary.runtime;

/** The handle of a {@code @Conv2D} layer: kernel {@code [kernelHeight][kernelWidth][inputChannels][filters]}. */
public interface Conv2DLayer extends WeightedLayer {
  /** The number of filters (output channels). */
  int filters();

  /** The kernel height. */
  int kernelHeight();

  /** The kernel width. */
  int kernelWidth();

  /** The number of input channels. */
  int inputChannels();
}
