package dev.topiary.runtime.kernels;

/**
 * Loss functions over a batch of logits (the output layer's values before its softmax) and
 * integer labels.
 *
 * <p>The cross-entropy is computed from the logits, as Keras computes sparse categorical
 * cross-entropy after a softmax (from the logits the softmax received): {@code -log p[y] =
 * log(sum_j exp(z[j] - m)) + m - z[y]} with {@code m = max_j z[j]} (log-sum-exp), in double. It is
 * not clipped: a row with logits {@code +30} on a wrong class and {@code -30} on its label costs
 * 60, however small its float probability.
 */
public final class Losses {
  private Losses() {}

  /**
   * Sparse categorical cross-entropy with its gradient fused through the softmax: returns
   * {@code mean_r -log softmax(z_r)[y_r]} computed from the {@code logits} and writes
   * {@code dz[r][j] = (p[r][j] - [j == y_r]) / rows}, the gradient of the mean loss with respect
   * to the logits, where {@code p = softmax(logits)} as the forward pass computed it.
   *
   * @throws IllegalArgumentException if a label is outside {@code [0, k)}
   */
  public static float softmaxCrossEntropy(float[] logits, float[] p, int[] labels, int labelOff,
      float[] dz, int rows, int k) {
    double loss = 0;
    float scale = 1f / rows;
    for (int r = 0; r < rows; r++) {
      int label = checkLabel(labels[labelOff + r], k);
      int off = r * k;
      loss += negativeLogSoftmax(logits, off, k, label);
      for (int j = 0; j < k; j++) {
        dz[off + j] = p[off + j] * scale;
      }
      dz[off + label] -= scale;
    }
    return (float) (loss / rows);
  }

  /**
   * The summed cross-entropy {@code sum_r -log softmax(z_r)[y_r]} from the logits, for evaluation.
   *
   * @throws IllegalArgumentException if a label is outside {@code [0, k)}
   */
  public static double softmaxCrossEntropySum(float[] logits, int[] labels, int labelOff, int rows,
      int k) {
    double loss = 0;
    for (int r = 0; r < rows; r++) {
      loss += negativeLogSoftmax(logits, r * k, k, checkLabel(labels[labelOff + r], k));
    }
    return loss;
  }

  /** {@code -log softmax(z)[label]} of the row of {@code k} logits at {@code off}, by log-sum-exp. */
  static double negativeLogSoftmax(float[] z, int off, int k, int label) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      max = Math.max(max, z[off + j]);
    }
    double sum = 0;
    for (int j = 0; j < k; j++) {
      sum += Math.exp(z[off + j] - max);
    }
    return Math.log(sum) + max - z[off + label];
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

  private static int checkLabel(int label, int k) {
    if (label < 0 || label >= k) {
      throw new IllegalArgumentException("label " + label + " is outside the " + k
          + " classes of the output layer; expected 0 to " + (k - 1));
    }
    return label;
  }
}
