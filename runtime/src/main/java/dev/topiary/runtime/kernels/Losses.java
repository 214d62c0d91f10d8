package dev.topiary.runtime.kernels;

/**
 * Loss functions over a batch of predicted class probabilities and integer labels.
 */
public final class Losses {
  /** Probabilities are clipped to [EPSILON, 1 - EPSILON] before the log, as Keras does (its epsilon). */
  public static final float EPSILON = 1e-7f;

  private Losses() {}

  /**
   * Sparse categorical cross-entropy with its gradient fused through the softmax that produced
   * {@code p}: returns {@code mean_r -log(p[r][y_r])} and writes
   * {@code dz[r][j] = (p[r][j] - [j == y_r]) / rows}, the gradient of the mean loss with respect
   * to the softmax's input logits.
   *
   * @throws IllegalArgumentException if a label is outside {@code [0, k)}
   */
  public static float softmaxCrossEntropy(float[] p, int[] labels, int labelOff, float[] dz,
      int rows, int k) {
    double loss = 0;
    float scale = 1f / rows;
    for (int r = 0; r < rows; r++) {
      int label = checkLabel(labels[labelOff + r], k);
      int off = r * k;
      loss -= Math.log(clip(p[off + label]));
      for (int j = 0; j < k; j++) {
        dz[off + j] = p[off + j] * scale;
      }
      dz[off + label] -= scale;
    }
    return (float) (loss / rows);
  }

  /** The summed cross-entropy {@code sum_r -log(p[r][y_r])}, for evaluation. */
  public static double crossEntropySum(float[] p, int[] labels, int labelOff, int rows, int k) {
    double loss = 0;
    for (int r = 0; r < rows; r++) {
      loss -= Math.log(clip(p[r * k + checkLabel(labels[labelOff + r], k)]));
    }
    return loss;
  }

  /** The index of the largest of row {@code r}'s {@code k} values (the first on ties). */
  public static int argmax(float[] p, int r, int k) {
    int off = r * k;
    int best = 0;
    for (int j = 1; j < k; j++) {
      if (p[off + j] > p[off + best]) {
        best = j;
      }
    }
    return best;
  }

  private static float clip(float p) {
    return Math.min(Math.max(p, EPSILON), 1f - EPSILON);
  }

  private static int checkLabel(int label, int k) {
    if (label < 0 || label >= k) {
      throw new IllegalArgumentException("label " + label + " is outside the " + k
          + " classes of the output layer; expected 0 to " + (k - 1));
    }
    return label;
  }
}
