package dev.topiary.runtime;

import java.util.Locale;

/**
 * The result of {@link Predictor#evaluate}: mean loss (without regularization), accuracy and, when
 * the evaluation recorded them, the confusion matrix (rows the true class, columns the predicted
 * one, as scikit-learn and DL4J print it), top-k accuracy and per-class precision, recall and F1.
 */
public final class Evaluation {
  private final double loss;
  private final int correct;
  private final int count;
  private final int[][] confusion;
  private final long[] rankCounts;
  /** For an evaluation on float targets: its accuracy (NaN for regression); else NaN, unused. */
  private final double targetAccuracy;
  /** For an evaluation on float targets: the mean absolute error; else NaN. */
  private final double meanAbsoluteError;
  private final boolean targets;

  /** Creates an evaluation of {@code count} examples of which {@code correct} were classified right. */
  public Evaluation(double loss, int correct, int count) {
    this.loss = loss;
    this.correct = correct;
    this.count = count;
    this.confusion = null;
    this.rankCounts = null;
    this.targetAccuracy = Double.NaN;
    this.meanAbsoluteError = Double.NaN;
    this.targets = false;
  }

  private Evaluation(double loss, double accuracy, double meanAbsoluteError, int correct,
      int count) {
    this.loss = loss;
    this.correct = correct;
    this.count = count;
    this.confusion = null;
    this.rankCounts = null;
    this.targetAccuracy = accuracy;
    this.meanAbsoluteError = meanAbsoluteError;
    this.targets = true;
  }

  /**
   * An evaluation on float targets ({@code Dataset.ofTargets}): the model's mean loss (mean
   * squared error or binary cross-entropy), the mean absolute error (Keras's {@code mae}) and,
   * for binary cross-entropy, Keras's binary accuracy (outputs thresholded at 0.5 that equal
   * their target, over every output of every example); NaN accuracy for regression.
   *
   * @param correct the outputs thresholded right (binary), else 0
   */
  public static Evaluation ofTargets(double loss, double accuracy, double meanAbsoluteError,
      int correct, int count) {
    return new Evaluation(loss, accuracy, meanAbsoluteError, correct, count);
  }

  /**
   * The mean absolute error between outputs and targets, mean over the outputs, then the
   * examples (Keras's {@code mae}); NaN for an evaluation on class labels.
   */
  public double meanAbsoluteError() {
    return meanAbsoluteError;
  }

  /**
   * An evaluation with its confusion matrix and the ranks of the true classes.
   *
   * @param confusion {@code confusion[t][p]}: examples of class {@code t} predicted as {@code p};
   *     square, copied
   * @param rankCounts {@code rankCounts[r]}: examples whose true class had {@code r} outputs above
   *     it (0: predicted right); one per class, copied
   */
  public Evaluation(double loss, int[][] confusion, long[] rankCounts) {
    int classes = confusion.length;
    if (rankCounts.length != classes) {
      throw new IllegalArgumentException("expected " + classes + " rank counts, one per class, "
          + "found " + rankCounts.length);
    }
    int right = 0;
    int total = 0;
    this.confusion = new int[classes][];
    for (int t = 0; t < classes; t++) {
      if (confusion[t].length != classes) {
        throw new IllegalArgumentException("expected a square confusion matrix, found row " + t
            + " of " + confusion[t].length + " in " + classes);
      }
      this.confusion[t] = confusion[t].clone();
      right += confusion[t][t];
      for (int c : confusion[t]) {
        total += c;
      }
    }
    this.loss = loss;
    this.correct = right;
    this.count = total;
    this.rankCounts = rankCounts.clone();
    this.targetAccuracy = Double.NaN;
    this.meanAbsoluteError = Double.NaN;
    this.targets = false;
  }

  /** The mean loss per example (cross-entropy for the default loss). */
  public double loss() {
    return loss;
  }

  /**
   * The fraction of examples whose highest output is the label, in [0, 1]; on float targets,
   * the binary accuracy for binary cross-entropy, NaN for regression (mean squared error).
   */
  public float accuracy() {
    if (targets) {
      return (float) targetAccuracy;
    }
    return count == 0 ? 0f : (float) correct / count;
  }

  /**
   * The number of examples classified right; on float targets, the outputs thresholded right for
   * binary cross-entropy (one per example for a one-unit output), 0 for regression.
   */
  public int correct() {
    return correct;
  }

  /** The number of examples evaluated. */
  public int count() {
    return count;
  }

  /** The number of classes (the output size). */
  public int classes() {
    return recorded().length;
  }

  /**
   * The share of examples whose true class is among the {@code k} highest outputs (ties count
   * for the true class); {@code topK(1)} is the accuracy.
   *
   * @throws IllegalArgumentException unless {@code 1 <= k <= classes()}
   */
  public double topK(int k) {
    recorded();
    if (k < 1 || k > rankCounts.length) {
      throw new IllegalArgumentException("k expected 1 to " + rankCounts.length + ", found " + k);
    }
    long n = 0;
    for (int r = 0; r < k; r++) {
      n += rankCounts[r];
    }
    return count == 0 ? 0 : (double) n / count;
  }

  /** A copy of the confusion matrix: {@code [true class][predicted class]} counts. */
  public int[][] confusionMatrix() {
    int[][] m = recorded();
    int[][] copy = new int[m.length][];
    for (int i = 0; i < m.length; i++) {
      copy[i] = m[i].clone();
    }
    return copy;
  }

  /** Of the examples predicted as {@code c}, the share that are {@code c}; 0 if none was. */
  public double precision(int c) {
    int[][] m = recorded();
    long predicted = 0;
    for (int[] row : m) {
      predicted += row[c];
    }
    return predicted == 0 ? 0 : (double) m[c][c] / predicted;
  }

  /** Of the examples of class {@code c}, the share predicted as {@code c}; 0 if there was none. */
  public double recall(int c) {
    int[] row = recorded()[c];
    long actual = 0;
    for (int v : row) {
      actual += v;
    }
    return actual == 0 ? 0 : (double) row[c] / actual;
  }

  /** The harmonic mean of {@link #precision} and {@link #recall} of class {@code c}. */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Precision, recall or F1 averaged over the classes (macro averages, as DL4J prints them). */
  private double macro(int which) {
    int classes = classes();
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += which == 0 ? precision(c) : which == 1 ? recall(c) : f1(c);
    }
    return sum / classes;
  }

  /**
   * A readable report, laid out like DL4J's {@code Evaluation.stats()}: the figures, the
   * per-class table and the confusion matrix.
   */
  public String stats() {
    int[][] m = recorded();
    StringBuilder s = new StringBuilder();
    s.append("======================== Evaluation Metrics ========================\n");
    s.append(String.format(Locale.ROOT, " # of classes:    %d%n", m.length));
    s.append(String.format(Locale.ROOT, " Examples:        %d%n", count));
    s.append(String.format(Locale.ROOT, " Loss:            %.4f%n", loss));
    s.append(String.format(Locale.ROOT, " Accuracy:        %.4f%n", accuracy()));
    if (m.length > 5) {
      s.append(String.format(Locale.ROOT, " Top-5 accuracy:  %.4f%n", topK(5)));
    }
    s.append(String.format(Locale.ROOT, " Precision:       %.4f   (macro average)%n", macro(0)));
    s.append(String.format(Locale.ROOT, " Recall:          %.4f   (macro average)%n", macro(1)));
    s.append(String.format(Locale.ROOT, " F1 Score:        %.4f   (macro average)%n", macro(2)));
    s.append("\n class   precision   recall       f1   examples\n");
    for (int c = 0; c < m.length; c++) {
      long actual = 0;
      for (int v : m[c]) {
        actual += v;
      }
      s.append(String.format(Locale.ROOT, " %5d   %9.4f   %6.4f   %6.4f   %8d%n", c, precision(c),
          recall(c), f1(c), actual));
    }
    s.append("\n========================= Confusion Matrix =========================\n");
    int width = Math.max(4, Integer.toString(count).length() + 1);
    for (int p = 0; p < m.length; p++) {
      s.append(String.format(Locale.ROOT, "%" + width + "d", p));
    }
    s.append("   <- predicted\n");
    for (int t = 0; t < m.length; t++) {
      for (int p = 0; p < m.length; p++) {
        s.append(String.format(Locale.ROOT, "%" + width + "d", m[t][p]));
      }
      s.append(" | ").append(t).append('\n');
    }
    return s.toString();
  }

  private int[][] recorded() {
    if (targets) {
      throw new IllegalStateException("this evaluation is on float targets: it has loss, mean "
          + "absolute error and (binary cross-entropy) accuracy, no classes");
    }
    if (confusion == null) {
      throw new IllegalStateException("this evaluation recorded loss and accuracy only; "
          + "Predictor.evaluate records the confusion matrix and ranks");
    }
    return confusion;
  }

  @Override
  public String toString() {
    if (targets) {
      return String.format(Locale.ROOT, "loss %.4f, mae %.4f%s (%d examples)", loss,
          meanAbsoluteError, Double.isNaN(targetAccuracy) ? ""
              : String.format(Locale.ROOT, ", binary accuracy %.2f%%", 100 * targetAccuracy),
          count);
    }
    return String.format(Locale.ROOT, "loss %.4f, accuracy %.2f%% (%d of %d)",
        loss, 100.0 * accuracy(), correct, count);
  }
}
