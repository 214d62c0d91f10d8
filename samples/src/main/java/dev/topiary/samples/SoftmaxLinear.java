package dev.topiary.samples;

import dev.topiary.Activation;
import dev.topiary.Dense;
import dev.topiary.Model;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.Network;

/** {@link SparseLinear}'s baseline: the same linear model with softmax and cross-entropy. */
@Model(input = {784})
public interface SoftmaxLinear extends Network {
  @Dense(units = 10, activation = Activation.SOFTMAX)
  DenseLayer output();
}
