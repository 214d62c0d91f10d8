package dev.topiary.runtime.kernels;

/**
 * Losses over float targets, one per output, for regression and binary (or multi-label) tasks:
 * mean squared error on the output values and binary cross-entropy from the logits of a sigmoid
 * output. Both are means over the {@code k} outputs of a row (Keras reduces the last axis by its
 * mean), then over the rows; sums are accumulated in double.
 */
public final class TargetLosses {
  private TargetLosses() {}

  /**
   * Mean squared error: returns {@code mean_r mean_j (a[r][j] - t[r][j])^2} and writes
   * {@code d[r][j] = 2 (a[r][j] - t[r][j]) / (rows k)}, the gradient of that mean with respect to
   * the outputs {@code a}.
   */
  public static float meanSquaredError(float[] a, float[] t, int tOff, float[] d, int rows, int k) {
    float scale = 2f / ((float) rows * k);
    int n = rows * k;
    for (int i = 0; i < n; i++) {
      d[i] = (a[i] - t[tOff + i]) * scale;
    }
    return (float) (meanSquaredErrorSum(a, t, tOff, rows, k) / rows);
  }

  /** The summed per-row mean squared error {@code sum_r mean_j (a - t)^2}, for evaluation. */
  public static double meanSquaredErrorSum(float[] a, float[] t, int tOff, int rows, int k) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      double row = 0;
      for (int j = 0, i = r * k; j < k; j++, i++) {
        double e = (double) a[i] - t[tOff + i];
        row += e * e;
      }
      sum += row / k;
    }
    return sum;
  }

  /** The summed per-row mean absolute error {@code sum_r mean_j |a - t|}, Keras's {@code mae}. */
  public static double absoluteErrorSum(float[] a, float[] t, int tOff, int rows, int k) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      double row = 0;
      for (int j = 0, i = r * k; j < k; j++, i++) {
        row += Math.abs((double) a[i] - t[tOff + i]);
      }
      sum += row / k;
    }
    return sum;
  }

  /**
   * Binary cross-entropy with its gradient fused through the sigmoid: returns the mean over rows
   * and outputs of {@code max(z, 0) - z t + log(1 + exp(-|z|))} computed from the logits
   * {@code z} (the stable form of {@code -t log a - (1 - t) log(1 - a)}, {@code a = sigmoid(z)};
   * not clipped), and writes {@code dz = (a - t) / (rows k)} with {@code a} as the forward pass
   * computed it.
   */
  public static float binaryCrossEntropy(float[] z, float[] a, float[] t, int tOff, float[] dz,
      int rows, int k) {
    float scale = 1f / ((float) rows * k);
    int n = rows * k;
    for (int i = 0; i < n; i++) {
      dz[i] = (a[i] - t[tOff + i]) * scale;
    }
    return (float) (binaryCrossEntropySum(z, t, tOff, rows, k) / rows);
  }

  /** The summed per-row mean binary cross-entropy from the logits, for evaluation. */
  public static double binaryCrossEntropySum(float[] z, float[] t, int tOff, int rows, int k) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      double row = 0;
      for (int j = 0, i = r * k; j < k; j++, i++) {
        double v = z[i];
        row += Math.max(v, 0) - v * t[tOff + i] + Math.log1p(Math.exp(-Math.abs(v)));
      }
      sum += row / k;
    }
    return sum;
  }

  /**
   * Keras's binary accuracy, counted: the outputs whose thresholded value
   * ({@code a > 0.5 ? 1 : 0}) equals the target, over {@code rows x k} outputs.
   */
  public static long binaryCorrect(float[] a, float[] t, int tOff, int rows, int k) {
    long correct = 0;
    int n = rows * k;
    for (int i = 0; i < n; i++) {
      correct += (a[i] > 0.5f ? 1f : 0f) == t[tOff + i] ? 1 : 0;
    }
    return correct;
  }
}
