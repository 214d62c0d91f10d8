package dev.topiary.samples;

import static dev.topiary.Activation.RELU;
import static dev.topiary.Activation.SOFTMAX;

import dev.topiary.Conv2D;
import dev.topiary.Dense;
import dev.topiary.Flatten;
import dev.topiary.L1;
import dev.topiary.MaxPooling2D;
import dev.topiary.Model;
import dev.topiary.runtime.Conv2DLayer;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;

/**
 * The seed CNN with L1 on its conv and Dense(64) kernels at three factors, in Keras's mode and in
 * the proximal mode. Each factor is a compile-time constant of its own model; the processor
 * generates {@code TopiaryL1Variants_<Name>} for each.
 */
public final class L1Variants {
  private L1Variants() {}

  /** L1 = 0.0001 on the conv and Dense(64) kernels, Keras (subgradient in the loss). */
  @Model(input = {28, 28, 1})
  interface Keras0001 extends Network {
    @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
    @L1(0.0001)
    Conv2DLayer conv();

    @MaxPooling2D({2, 2})
    Layer pool();

    @Flatten
    Layer flatten();

    @Dense(units = 64, activation = RELU)
    @L1(0.0001)
    DenseLayer hidden();

    @Dense(units = 10, activation = SOFTMAX)
    DenseLayer output();
  }

  /** L1 = 0.001 on the conv and Dense(64) kernels, Keras (subgradient in the loss). */
  @Model(input = {28, 28, 1})
  interface Keras001 extends Network {
    @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
    @L1(0.001)
    Conv2DLayer conv();

    @MaxPooling2D({2, 2})
    Layer pool();

    @Flatten
    Layer flatten();

    @Dense(units = 64, activation = RELU)
    @L1(0.001)
    DenseLayer hidden();

    @Dense(units = 10, activation = SOFTMAX)
    DenseLayer output();
  }

  /** L1 = 0.01 on the conv and Dense(64) kernels, Keras (subgradient in the loss). */
  @Model(input = {28, 28, 1})
  interface Keras01 extends Network {
    @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
    @L1(0.01)
    Conv2DLayer conv();

    @MaxPooling2D({2, 2})
    Layer pool();

    @Flatten
    Layer flatten();

    @Dense(units = 64, activation = RELU)
    @L1(0.01)
    DenseLayer hidden();

    @Dense(units = 10, activation = SOFTMAX)
    DenseLayer output();
  }

  /** L1 = 0.00001 on the conv and Dense(64) kernels, proximal (soft-threshold after each step). */
  @Model(input = {28, 28, 1})
  interface Proximal00001 extends Network {
    @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
    @L1(value = 0.00001, proximal = true)
    Conv2DLayer conv();

    @MaxPooling2D({2, 2})
    Layer pool();

    @Flatten
    Layer flatten();

    @Dense(units = 64, activation = RELU)
    @L1(value = 0.00001, proximal = true)
    DenseLayer hidden();

    @Dense(units = 10, activation = SOFTMAX)
    DenseLayer output();
  }

  /** L1 = 0.00003 on the conv and Dense(64) kernels, proximal (soft-threshold after each step). */
  @Model(input = {28, 28, 1})
  interface Proximal00003 extends Network {
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

  /** L1 = 0.0001 on the conv and Dense(64) kernels, proximal (soft-threshold after each step). */
  @Model(input = {28, 28, 1})
  interface Proximal0001 extends Network {
    @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
    @L1(value = 0.0001, proximal = true)
    Conv2DLayer conv();

    @MaxPooling2D({2, 2})
    Layer pool();

    @Flatten
    Layer flatten();

    @Dense(units = 64, activation = RELU)
    @L1(value = 0.0001, proximal = true)
    DenseLayer hidden();

    @Dense(units = 10, activation = SOFTMAX)
    DenseLayer output();
  }

  /** L1 = 0.001 on the conv and Dense(64) kernels, proximal (soft-threshold after each step). */
  @Model(input = {28, 28, 1})
  interface Proximal001 extends Network {
    @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
    @L1(value = 0.001, proximal = true)
    Conv2DLayer conv();

    @MaxPooling2D({2, 2})
    Layer pool();

    @Flatten
    Layer flatten();

    @Dense(units = 64, activation = RELU)
    @L1(value = 0.001, proximal = true)
    DenseLayer hidden();

    @Dense(units = 10, activation = SOFTMAX)
    DenseLayer output();
  }

  /** L1 = 0.01 on the conv and Dense(64) kernels, proximal (soft-threshold after each step). */
  @Model(input = {28, 28, 1})
  interface Proximal01 extends Network {
    @Conv2D(filters = 32, kernel = {3, 3}, activation = RELU)
    @L1(value = 0.01, proximal = true)
    Conv2DLayer conv();

    @MaxPooling2D({2, 2})
    Layer pool();

    @Flatten
    Layer flatten();

    @Dense(units = 64, activation = RELU)
    @L1(value = 0.01, proximal = true)
    DenseLayer hidden();

    @Dense(units = 10, activation = SOFTMAX)
    DenseLayer output();
  }
}
