package dev.topiary.benchmarks;

import static dev.topiary.Activation.RELU;
import static dev.topiary.Activation.SOFTMAX;

import dev.topiary.Conv2D;
import dev.topiary.Dense;
import dev.topiary.Flatten;
import dev.topiary.MaxPooling2D;
import dev.topiary.Model;
import dev.topiary.runtime.Conv2DLayer;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;

/**
 * The seed's CNN for MNIST, the same declaration as {@code dev.topiary.samples.SeedCnn}: the
 * processor generates {@code TopiarySeedCnn} here as it does in a user's build.
 */
@Model(input = {28, 28, 1})
public interface SeedCnn extends Network {
  @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
  Conv2DLayer conv();

  @MaxPooling2D({2, 2})
  Layer pool();

  @Flatten
  Layer flatten();

  @Dense(units = 64, activation = RELU)
  DenseLayer hidden();

  @Dense(units = 10, activation = SOFTMAX)
  DenseLayer output();
}
