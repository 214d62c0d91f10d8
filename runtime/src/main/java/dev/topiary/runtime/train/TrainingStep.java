package dev.topiary.runtime.train;

import dev.topiary.Loss;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.TrainingRule;
import dev.topiary.runtime.kernels.Losses;
import dev.topiary.runtime.kernels.TargetLosses;
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
  private int judged;
  /** The network's loss, read at the first step on targets. */
  private Loss loss;

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
    judged = batch;
    return update(network.backward(labels, 0, batch));
  }

  /**
   * {@link #run(float[], int[], int)} for a model trained on float targets: {@code batch x
   * outputSize()} targets from {@code targets[0]}. Binary cross-entropy counts the outputs
   * thresholded right ({@link #correct()} of {@link #judged()}); mean squared error judges none.
   */
  public float run(float[] x, float[] targets, int batch) {
    for (TrainingRule rule : rules) {
      rule.beforeStep();
    }
    float[] p = network.forward(x, 0, batch);
    int outputs = network.outputSize();
    if (loss == null) {
      loss = network.loss();
    }
    boolean binary = loss == Loss.BINARY_CROSSENTROPY;
    correct = binary ? (int) TargetLosses.binaryCorrect(p, targets, 0, batch, outputs) : 0;
    judged = binary ? batch * outputs : 0;
    return update(network.backward(targets, 0, batch));
  }

  /** The update after the backward pass: masks, the optimizer's step, the rules after it. */
  private float update(float loss) {
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

  /**
   * How many examples of the last step's batch the network classified right before its update;
   * on float targets, how many outputs (binary cross-entropy), of {@link #judged()}.
   */
  public int correct() {
    return correct;
  }

  /**
   * What the last step's {@link #correct()} counts out of: its examples for class labels, its
   * outputs for binary cross-entropy, none for mean squared error (which has no accuracy).
   */
  public int judged() {
    return judged;
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
