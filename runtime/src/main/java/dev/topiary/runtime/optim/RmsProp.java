package dev.topiary.runtime.optim;

import dev.topiary.runtime.Parameter;

/**
 * RMSprop (Hinton, 2012) as Keras's {@code keras.optimizers.RMSprop}, without centering: at each
 * step, for each weight {@code w} with gradient {@code g},
 * <pre>
 * v  = rho * v + (1 - rho) * g * g
 * d  = lr * g / sqrt(v + epsilon)
 * w -= d                      (momentum 0)
 * m  = momentum * m + d; w -= m   (momentum &gt; 0)
 * </pre>
 */
public final class RmsProp extends SlotOptimizer {
  /** Keras's defaults: learning rate 0.001, rho 0.9, momentum 0, epsilon 1e-7. */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  public static final double DEFAULT_RHO = 0.9;
  public static final double DEFAULT_EPSILON = 1e-7;

  private static final int VELOCITY = 0;
  private static final int MOMENTUM = 1;

  private final float rho;
  private final float momentum;
  private final float epsilon;

  /** RMSprop with Keras's defaults. */
  public RmsProp() {
    this(DEFAULT_LEARNING_RATE);
  }

  /** RMSprop with Keras's default rho, no momentum and Keras's epsilon. */
  public RmsProp(double learningRate) {
    this(fixed("RMSprop", learningRate), DEFAULT_RHO, 0, DEFAULT_EPSILON);
    constantRate();
  }

  /**
   * @param rho the decay of the mean square, in [0, 1)
   * @param momentum in [0, 1)
   * @param epsilon a finite number &gt; 0, added under the square root (as Keras does)
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public RmsProp(LearningRateSchedule schedule, double rho, double momentum, double epsilon) {
    super("RMSprop", schedule, Hyperparameters.decay("RMSprop", "momentum", momentum) > 0 ? 2 : 1);
    this.rho = (float) Hyperparameters.decay("RMSprop", "rho", rho);
    this.momentum = (float) momentum;
    this.epsilon = (float) Hyperparameters.epsilon("RMSprop", epsilon);
  }

  @Override
  void apply(Parameter[] params, int iteration) {
    float lr = (float) learningRateExact();
    float oneMinusRho = 1 - rho;
    for (int p = 0; p < params.length; p++) {
      float[] w = params[p].value;
      float[] g = params[p].grad;
      float[] v = slot(VELOCITY)[p];
      float[] m = momentum > 0 ? slot(MOMENTUM)[p] : null;
      for (int i = 0; i < w.length; i++) {
        float vi = rho * v[i] + oneMinusRho * g[i] * g[i];
        v[i] = vi;
        float d = lr * g[i] / (float) Math.sqrt(vi + epsilon);
        if (m == null) {
          w[i] -= d;
        } else {
          float mi = momentum * m[i] + d;
          m[i] = mi;
          w[i] -= mi;
        }
      }
    }
  }

  @Override
  void softThreshold(int index, float[] w, float lambda) {
    if (iterations() == 0) {
      return;
    }
    float[] v = slot(VELOCITY)[index];
    float scaled = (float) learningRateExact() * lambda;
    for (int i = 0; i < w.length; i++) {
      w[i] = shrink(w[i], scaled / (float) Math.sqrt(v[i] + epsilon));
    }
  }
}
