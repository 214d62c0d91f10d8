package dev.topiary.benchmarks;

import static dev.topiary.Activation.RELU;
import static dev.topiary.Activation.SOFTMAX;

import dev.topiary.Dense;
import dev.topiary.Flatten;
import dev.topiary.Model;
import dev.topiary.Padding;
import dev.topiary.SeparableConv2D;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;

/**
 * One MobileNet-style separable block at a mid-network size (14x14x64 to 128 channels), for
 * {@link PointwiseSparseFigures}: its pointwise product is 8,192 weights at 196 positions.
 */
@Model(input = {14, 14, 64})
public interface SeparableBlock extends Network {
  @SeparableConv2D(filters = 128, kernel = {3, 3}, padding = Padding.SAME, activation = RELU)
  Layer block();

  @Flatten
  Layer flatten();

  @Dense(units = 10, activation = SOFTMAX)
  DenseLayer output();
}
