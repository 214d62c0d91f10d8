package dev.topiary.samples;

import static dev.topiary.Activation.RELU;
import static dev.topiary.Activation.SOFTMAX;

import dev.topiary.Conv2D;
import dev.topiary.Dense;
import dev.topiary.Flatten;
import dev.topiary.MaxPooling2D;
import dev.topiary.Model;
import dev.topiary.Prune;
import dev.topiary.Structure;
import dev.topiary.runtime.Conv2DLayer;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;

/**
 * The seed CNN with 2:4 semi-structured sparsity on both dense kernels (50% by construction). The
 * conv kernel is left dense: its reduction dimension, 3 x 3 x 1 = 9, is not a multiple of 4.
 */
@Model(input = {28, 28, 1})
public interface TwoOfFourSeedCnn extends Network {
  @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
  Conv2DLayer conv();

  @MaxPooling2D({2, 2})
  Layer pool();

  @Flatten
  Layer flatten();

  @Dense(units = 64, activation = RELU)
  @Prune(initial = 0.5, target = 0.5, beginStep = 0, endStep = 10_000, structure = Structure.N_OF_M,
      n = 2, m = 4)
  DenseLayer hidden();

  @Dense(units = 10, activation = SOFTMAX)
  @Prune(initial = 0.5, target = 0.5, beginStep = 0, endStep = 10_000, structure = Structure.N_OF_M,
      n = 2, m = 4)
  DenseLayer output();
}
