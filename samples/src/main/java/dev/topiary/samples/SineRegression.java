package dev.topiary.samples;

import dev.topiary.Activation;
import dev.topiary.Dense;
import dev.topiary.Loss;
import dev.topiary.Model;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.Network;

/**
 * A small regression for the {@code regression} command: one input, two TANH layers, one LINEAR
 * output, trained with the mean squared error on float targets.
 */
@Model(input = {1}, loss = Loss.MEAN_SQUARED_ERROR)
public interface SineRegression extends Network {
  @Dense(units = 32, activation = Activation.TANH)
  DenseLayer hidden1();

  @Dense(units = 32, activation = Activation.TANH)
  DenseLayer hidden2();

  @Dense(units = 1)
  DenseLayer output();
}
