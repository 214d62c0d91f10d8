package dev.topiary.samples;

import static dev.topiary.Activation.LEAKY_RELU;
import static dev.topiary.Activation.RELU;
import static dev.topiary.Activation.SOFTMAX;
import static dev.topiary.Activation.SPARSEMAX;

import dev.topiary.Conv2D;
import dev.topiary.Dense;
import dev.topiary.Flatten;
import dev.topiary.L1;
import dev.topiary.Loss;
import dev.topiary.MaxPooling2D;
import dev.topiary.Model;
import dev.topiary.Prune;
import dev.topiary.Structure;
import dev.topiary.runtime.Conv2DLayer;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;

/**
 * The seed CNN's variants in the main job's comparison whose schedules must end inside even a
 * one-epoch run (1,875 steps at batch 32; the default is two epochs): the pruning schedules end at
 * step 1,500, after which the masks hold and the kept weights adapt for the rest of the run.
 */
public final class ComparisonModels {
  private ComparisonModels() {}

  /** 50% to 80% magnitude pruning of every kernel, tfmot's PolynomialDecay over steps 0-1,500. */
  @Model(input = {28, 28, 1})
  interface Pruned extends Network {
    @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
    @Prune(initial = 0.5, target = 0.8, beginStep = 0, endStep = 1_500)
    Conv2DLayer conv();

    @MaxPooling2D({2, 2})
    Layer pool();

    @Flatten
    Layer flatten();

    @Dense(units = 64, activation = RELU)
    @Prune(initial = 0.5, target = 0.8, beginStep = 0, endStep = 1_500)
    DenseLayer hidden();

    @Dense(units = 10, activation = SOFTMAX)
    @Prune(initial = 0.5, target = 0.8, beginStep = 0, endStep = 1_500)
    DenseLayer output();
  }

  /**
   * Channel pruning to the pruned variant's parameter budget: keeping 45% of the conv filters and
   * 45% of the hidden units keeps about 0.45 x 0.45 = 20% of the hidden kernel, which holds 99.7%
   * of the weights.
   */
  @Model(input = {28, 28, 1})
  interface Structured extends Network {
    @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
    @Prune(initial = 0.3, target = 0.55, beginStep = 0, endStep = 1_500,
        structure = Structure.CHANNELS)
    Conv2DLayer conv();

    @MaxPooling2D({2, 2})
    Layer pool();

    @Flatten
    Layer flatten();

    @Dense(units = 64, activation = RELU)
    @Prune(initial = 0.3, target = 0.55, beginStep = 0, endStep = 1_500,
        structure = Structure.CHANNELS)
    DenseLayer hidden();

    @Dense(units = 10, activation = SOFTMAX)
    DenseLayer output();
  }

  /**
   * Proximal L1 at 3e-5: of the factors measured (1e-5, 3e-5, 1e-4, 1e-3, 1e-2, one epoch, seed
   * 42) the largest whose accuracy stays within 1 point of the original: 97.20% with 51% exact
   * zeros, where 1e-4 drops to 96.04% (62% zeros) and 1e-5 keeps 97.48% with 41%.
   */
  @Model(input = {28, 28, 1})
  interface ProximalL1 extends Network {
    @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
    @L1(value = 0.00003, proximal = true)
    Conv2DLayer conv();

    @MaxPooling2D({2, 2})
    Layer pool();

    @Flatten
    Layer flatten();

    @Dense(units = 64, activation = RELU)
    @L1(value = 0.00003, proximal = true)
    DenseLayer hidden();

    @Dense(units = 10, activation = SOFTMAX)
    DenseLayer output();
  }

  /**
   * The seed CNN with LeakyReLU (slope 0.3, Keras's default for the LeakyReLU layer; the
   * {@code LEAKY_RELU} activation uses it too) on its hidden layers: no activation is exactly zero,
   * so the activation sparsity that ReLU gives (and that the sparse kernels skip) is given up;
   * the conv no longer runs fused with the pool at inference (the fusion needs ReLU or none).
   */
  @Model(input = {28, 28, 1})
  interface LeakyRelu extends Network {
    @Conv2D(filters = 32, kernel = {3, 3}, activation = LEAKY_RELU)
    Conv2DLayer conv();

    @MaxPooling2D({2, 2})
    Layer pool();

    @Flatten
    Layer flatten();

    @Dense(units = 64, activation = LEAKY_RELU)
    DenseLayer hidden();

    @Dense(units = 10, activation = SOFTMAX)
    DenseLayer output();
  }

  /**
   * The seed CNN, the same size as the original, with a Sparsemax output and the sparsemax loss
   * (Martins and Astudillo, 2016): the seed's table compares sparsemax on this CNN; most class
   * probabilities come out exactly zero.
   */
  @Model(input = {28, 28, 1}, loss = Loss.SPARSEMAX)
  interface CnnSparsemax extends Network {
    @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
    Conv2DLayer conv();

    @MaxPooling2D({2, 2})
    Layer pool();

    @Flatten
    Layer flatten();

    @Dense(units = 64, activation = RELU)
    DenseLayer hidden();

    @Dense(units = 10, activation = SPARSEMAX)
    DenseLayer output();
  }
}
