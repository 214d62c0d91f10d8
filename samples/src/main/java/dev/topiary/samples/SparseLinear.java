package dev.topiary.samples;

import dev.topiary.Activation;
import dev.topiary.Dense;
import dev.topiary.Loss;
import dev.topiary.Model;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.Network;

/**
 * The seed's SparseLinear: one linear layer from the 784 pixels to the 10 classes with a
 * Sparsemax output and the sparsemax loss, so most class probabilities are exactly zero.
 */
@Model(input = {784}, loss = Loss.SPARSEMAX)
public interface SparseLinear extends Network {
  @Dense(units = 10, activation = Activation.SPARSEMAX)
  DenseLayer output();
}
