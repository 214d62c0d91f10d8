package dev.topiary.runtime.kernels;

/** Weight regularizers: each adds its penalty's gradient to a kernel's gradient and returns the penalty. */
public final class Regularizers {
  private Regularizers() {}

  /**
   * Keras {@code l1(lambda)}: returns {@code lambda * sum|w|} and adds {@code lambda * sign(w)} to
   * {@code grad} (0 at w = 0, TensorFlow's subgradient of |w|).
   */
  public static float l1(float[] w, float[] grad, float lambda) {
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      float v = w[i];
      sum += Math.abs(v);
      grad[i] += lambda * Math.signum(v);
    }
    return (float) (lambda * sum);
  }

  /**
   * The L1 penalty {@code lambda * sum|w|} alone, for proximal L1, whose gradient step is the
   * soft-threshold the optimizer applies after each update.
   */
  public static float l1Penalty(float[] w, float lambda) {
    double sum = 0;
    for (float v : w) {
      sum += Math.abs(v);
    }
    return (float) (lambda * sum);
  }

  /**
   * Keras {@code activity_regularizer=l1(lambda)} over a batch of activations {@code a}: returns
   * {@code lambda * sum|a| / rows} (Keras divides activity penalties by the batch size) and adds its
   * gradient {@code lambda * sign(a) / rows} to the activations' gradient {@code d}.
   */
  public static float activityL1(float[] a, float[] d, int n, int rows, float lambda) {
    double sum = 0;
    float g = lambda / rows;
    for (int i = 0; i < n; i++) {
      float v = a[i];
      sum += Math.abs(v);
      d[i] += g * Math.signum(v);
    }
    return (float) (lambda * sum / rows);
  }
}
