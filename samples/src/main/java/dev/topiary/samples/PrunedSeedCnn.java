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

/** The seed CNN with its conv, hidden and output kernels pruned by magnitude from 50% to 80% over 10,000 steps (tfmot's PolynomialDecay). */
@Model(input = {28, 28, 1})
public interface PrunedSeedCnn extends Network {
  @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
  @Prune(initial = 0.5, target = 0.8, beginStep = 0, endStep = 10_000, structure = Structure.UNSTRUCTURED)
  Conv2DLayer conv();

  @MaxPooling2D({2, 2})
  Layer pool();

  @Flatten
  Layer flatten();

  @Dense(units = 64, activation = RELU)
  @Prune(initial = 0.5, target = 0.8, beginStep = 0, endStep = 10_000, structure = Structure.UNSTRUCTURED)
  DenseLayer hidden();

  @Dense(units = 10, activation = SOFTMAX)
  @Prune(initial = 0.5, target = 0.8, beginStep = 0, endStep = 10_000, structure = Structure.UNSTRUCTURED)
  DenseLayer output();
}
