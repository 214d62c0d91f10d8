package dev.topiary.runtime;

import java.util.Locale;

/** The result of {@link Network#evaluate}: mean loss (without regularization) and accuracy. */
public final class Evaluation {
  private final double loss;
  private final int correct;
  private final int count;

  /** Creates an evaluation of {@code count} examples of which {@code correct} were classified right. */
  public Evaluation(double loss, int correct, int count) {
    this.loss = loss;
    this.correct = correct;
    this.count = count;
  }

  /** The mean loss per example (cross-entropy for the default loss). */
  public double loss() {
    return loss;
  }

  /** The fraction of examples whose highest output is the label, in [0, 1]. */
  public float accuracy() {
    return count == 0 ? 0f : (float) correct / count;
  }

  /** The number of examples classified right. */
  public int correct() {
    return correct;
  }

  /** The number of examples evaluated. */
  public int count() {
    return count;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "loss %.4f, accuracy %.2f%% (%d of %d)",
        loss, 100.0 * accuracy(), correct, count);
  }
}
