package dev.topiary.runtime.train;

import dev.topiary.runtime.Network;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.TrainingRule;
import dev.topiary.runtime.kernels.Losses;
import dev.topiary.runtime.optim.Optimizer;

/**
 * The training step protocol in one place: the network's {@link TrainingRule}s before the step,
 * the forward and backward passes, the strict variant's gradient masks, the optimizer's update and
 * the rules after it. {@link Trainer} runs one per batch; a custom training loop can too.
 */
public final class TrainingStep {
  private final Network network;
  private final Optimizer optimizer;
  private final boolean strictPruning;
  private final Parameter[] parameters;
  private final TrainingRule[] rules;
  private int correct;

  /**
   * @param strictPruning also hold masked gradients and optimizer state at zero (see
   *     {@link Trainer#strictPruning})
   */
  public TrainingStep(Network network, Optimizer optimizer, boolean strictPruning) {
    this.network = network;
    this.optimizer = optimizer;
    this.strictPruning = strictPruning;
    this.parameters = network.parameters().toArray(new Parameter[0]);
    this.rules = network.trainingRules().toArray(new TrainingRule[0]);
  }

  /**
   * Runs one step on {@code batch} examples from {@code x[0]} with labels from {@code labels[0]}.
   * When the loss is not finite, the weights are left as they were before the update.
   *
   * @return the batch's mean loss (with regularization penalties)
   */
  public float run(float[] x, int[] labels, int batch) {
    for (TrainingRule rule : rules) {
      rule.beforeStep();
    }
    float[] p = network.forward(x, 0, batch);
    int outputs = network.outputSize();
    correct = 0;
    for (int r = 0; r < batch; r++) {
      correct += Losses.argmax(p, r, outputs) == labels[r] ? 1 : 0;
    }
    float loss = network.backward(labels, 0, batch);
    if (!Float.isFinite(loss)) {
      return loss;
    }
    if (strictPruning) {
      for (TrainingRule rule : rules) {
        rule.maskGradients();
      }
    }
    optimizer.step(parameters);
    for (TrainingRule rule : rules) {
      rule.afterUpdate(optimizer, strictPruning);
    }
    return loss;
  }

  /** How many examples of the last step's batch the network classified right before its update. */
  public int correct() {
    return correct;
  }

  /** The weights are about to move: inference kernels built from them are dropped. */
  void begin() {
    network.weightsChanged();
  }

  /** Training ended: the rules make the weights final, and inference will see them. */
  public void finish() {
    for (TrainingRule rule : rules) {
      rule.finishTraining();
    }
    network.weightsChanged();
  }
}
