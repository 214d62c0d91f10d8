package dev.topiary.runtime.train;

import dev.topiary.runtime.Network;
import dev.topiary.runtime.TrainingRule;
import dev.topiary.runtime.prune.KernelPruning;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The figures a {@link TrainingListener} sees, by the names Keras's logs use: {@code loss},
 * {@code accuracy}, {@code val_loss}, {@code val_accuracy}, {@code lr} and, for a pruned network,
 * {@code sparsity} (the pruned layers' masks' share of zeros). Absent figures are NaN.
 */
public final class Logs {
  /** The names {@link #get} knows, in the order {@link CsvLogger} writes them. */
  public static final List<String> KEYS = Collections.unmodifiableList(Arrays.asList("loss",
      "accuracy", "val_loss", "val_accuracy", "lr", "sparsity"));

  private final double loss;
  private final double accuracy;
  private final double valLoss;
  private final double valAccuracy;
  private final double learningRate;
  private final Network network;

  Logs(double loss, double accuracy, double valLoss, double valAccuracy, double learningRate,
      Network network) {
    this.loss = loss;
    this.accuracy = accuracy;
    this.valLoss = valLoss;
    this.valAccuracy = valAccuracy;
    this.learningRate = learningRate;
    this.network = network;
  }

  /** The mean training loss (regularization included). */
  public double loss() {
    return loss;
  }

  /** The training accuracy. */
  public double accuracy() {
    return accuracy;
  }

  /** The validation loss, or NaN without validation data (and in batch logs). */
  public double valLoss() {
    return valLoss;
  }

  /** The validation accuracy, or NaN without validation data (and in batch logs). */
  public double valAccuracy() {
    return valAccuracy;
  }

  /** The learning rate of the next step. */
  public double learningRate() {
    return learningRate;
  }

  /**
   * The share of kernel weights the pruned layers' masks hold at zero, over all of them; NaN when
   * no layer declares {@code @Prune}. Computed when asked.
   */
  public double sparsity() {
    long zeros = 0;
    long size = 0;
    for (TrainingRule rule : network.trainingRules()) {
      if (rule instanceof KernelPruning) {
        float[] mask = ((KernelPruning) rule).kernelMask();
        for (float m : mask) {
          zeros += m == 0f ? 1 : 0;
        }
        size += mask.length;
      }
    }
    return size == 0 ? Double.NaN : (double) zeros / size;
  }

  /**
   * The figure named {@code key}, one of {@link #KEYS}.
   *
   * @throws IllegalArgumentException for another name, listing the known ones
   */
  public double get(String key) {
    switch (key) {
      case "loss":
        return loss;
      case "accuracy":
        return accuracy;
      case "val_loss":
        return valLoss;
      case "val_accuracy":
        return valAccuracy;
      case "lr":
        return learningRate;
      case "sparsity":
        return sparsity();
      default:
        throw new IllegalArgumentException("expected one of " + KEYS + ", found '" + key + "'");
    }
  }

  /** Fails unless {@code key} names a figure, so a listener finds a typo at construction. */
  static String checkKey(String owner, String key) {
    if (key == null || !KEYS.contains(key)) {
      throw new IllegalArgumentException(owner + ": monitor expected one of " + KEYS + ", found "
          + (key == null ? "null" : "'" + key + "'"));
    }
    return key;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (String k : KEYS) {
      double v = get(k);
      if (!Double.isNaN(v)) {
        s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.4g", k, v));
      }
    }
    return s.toString();
  }
}
