package dev.topiary.runtime.optim;

import dev.topiary.runtime.Parameter;

/**
 * Stochastic gradient descent with optional momentum, in the form of Keras's
 * {@code keras.optimizers.SGD}. For each weight {@code w} with gradient {@code g}:
 * <pre>
 * momentum == 0:  w -= lr * g
 * otherwise:      velocity = momentum * velocity - lr * g
 *                 w += velocity                               (classic)
 *                 w += momentum * velocity - lr * g           (nesterov)
 * </pre>
 * With momentum, the velocity is one array per parameter, allocated at the first step; plain SGD
 * keeps no state, as in Keras.
 */
public final class Sgd extends SlotOptimizer {
  /** Keras's default learning rate, 0.01. */
  public static final double DEFAULT_LEARNING_RATE = 0.01;

  private static final int VELOCITY = 0;

  private final double momentum;
  private final boolean nesterov;
  private final float momentumf;

  /** Plain SGD with Keras's default learning rate, 0.01, and no momentum. */
  public Sgd() {
    this(DEFAULT_LEARNING_RATE);
  }

  /**
   * Plain SGD: {@code w -= lr * g}.
   *
   * @param learningRate a finite number &gt; 0
   * @throws IllegalArgumentException if {@code learningRate} is not a finite number &gt; 0
   */
  public Sgd(double learningRate) {
    this(learningRate, 0, false);
  }

  /**
   * SGD with classic momentum.
   *
   * @param learningRate a finite number &gt; 0
   * @param momentum in [0, 1); 0 is plain SGD
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public Sgd(double learningRate, double momentum) {
    this(learningRate, momentum, false);
  }

  /**
   * SGD with classic or Nesterov momentum.
   *
   * @param learningRate a finite number &gt; 0
   * @param momentum in [0, 1); 0 is plain SGD, whatever {@code nesterov} says
   * @param nesterov whether to apply Nesterov momentum (Sutskever et al., 2013)
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public Sgd(double learningRate, double momentum, boolean nesterov) {
    this(fixed("Sgd", learningRate), momentum, nesterov);
    constantRate();
  }

  /**
   * SGD with a learning rate schedule.
   *
   * @throws IllegalArgumentException if an argument is out of its range or null
   */
  public Sgd(LearningRateSchedule schedule, double momentum, boolean nesterov) {
    // Keras accepts momentum 1, but then the velocity never forgets a gradient: rejected here.
    super("Sgd", schedule, Hyperparameters.decay("Sgd", "momentum", momentum) > 0 ? 1 : 0);
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.momentumf = (float) momentum;
  }

  /** The momentum, in [0, 1). */
  public double momentum() {
    return momentum;
  }

  /** Whether the momentum is Nesterov's. */
  public boolean nesterov() {
    return nesterov;
  }

  @Override
  void apply(Parameter[] params, int iteration) {
    float lr = (float) learningRateExact();
    for (int p = 0; p < params.length; p++) {
      float[] w = params[p].value;
      float[] g = params[p].grad;
      if (momentum == 0) {
        descend(w, g, lr);
      } else if (nesterov) {
        nesterovUpdate(w, g, slot(VELOCITY)[p], lr);
      } else {
        momentumUpdate(w, g, slot(VELOCITY)[p], lr);
      }
    }
  }

  private static void descend(float[] w, float[] g, float lr) {
    for (int i = 0; i < w.length; i++) {
      w[i] -= lr * g[i];
    }
  }

  private void momentumUpdate(float[] w, float[] g, float[] velocity, float lr) {
    float mu = momentumf;
    for (int i = 0; i < w.length; i++) {
      float vi = mu * velocity[i] - lr * g[i];
      velocity[i] = vi;
      w[i] += vi;
    }
  }

  private void nesterovUpdate(float[] w, float[] g, float[] velocity, float lr) {
    float mu = momentumf;
    for (int i = 0; i < w.length; i++) {
      float step = lr * g[i];
      float vi = mu * velocity[i] - step;
      velocity[i] = vi;
      w[i] += mu * vi - step;
    }
  }

  @Override
  void softThreshold(int index, float[] w, float lambda) {
    float t = (float) learningRateExact() * lambda;
    for (int i = 0; i < w.length; i++) {
      w[i] = shrink(w[i], t);
    }
  }
}
