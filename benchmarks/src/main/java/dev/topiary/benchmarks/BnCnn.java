package dev.topiary.benchmarks;

import static dev.topiary.Activation.RELU;
import static dev.topiary.Activation.SOFTMAX;

import dev.topiary.BatchNormalization;
import dev.topiary.Conv2D;
import dev.topiary.Dense;
import dev.topiary.Flatten;
import dev.topiary.MaxPooling2D;
import dev.topiary.Model;
import dev.topiary.ReLU;
import dev.topiary.runtime.Conv2DLayer;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;

/**
 * The seed CNN written the Keras way with batch normalization: Conv2D without bias or
 * activation, BatchNormalization, ReLU, then the seed's pooling and Dense layers.
 */
@Model(input = {28, 28, 1})
public interface BnCnn extends Network {
  @Conv2D(filters = 32, kernel = {3, 3}, useBias = false)
  Conv2DLayer conv();

  @BatchNormalization
  Layer bn();

  @ReLU
  Layer relu();

  @MaxPooling2D({2, 2})
  Layer pool();

  @Flatten
  Layer flatten();

  @Dense(units = 64, activation = RELU)
  DenseLayer hidden();

  @Dense(units = 10, activation = SOFTMAX)
  DenseLayer output();
}
