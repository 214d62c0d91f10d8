package dev.topiary.runtime.optim;

/**
 * Keras's {@code CosineDecay} (Loshchilov and Hutter, SGDR), with its linear warm-up: for
 * {@code warmupSteps} steps the rate climbs linearly from {@code initial} to {@code warmupTarget};
 * then, over {@code decaySteps} steps, {@code target * ((1 - alpha) * 0.5 * (1 + cos(pi * s /
 * decaySteps)) + alpha)} with {@code s} the steps since the warm-up (held at {@code decaySteps}
 * after it), {@code target} the warm-up target, or {@code initial} without a warm-up.
 */
public final class CosineDecay implements LearningRateSchedule {
  private final double initial;
  private final long decaySteps;
  private final double alpha;
  private final long warmupSteps;
  private final double warmupTarget;

  /** No warm-up: from {@code initial} down to {@code alpha * initial} over {@code decaySteps}. */
  public CosineDecay(double initial, long decaySteps, double alpha) {
    this(initial, decaySteps, alpha, 0, Double.NaN);
  }

  /**
   * A warm-up from 0 up to {@code initial} over {@code warmupSteps}, then the cosine from
   * {@code initial}: Keras's {@code CosineDecay(0, decaySteps, alpha, warmup_target=initial,
   * warmup_steps=warmupSteps)}.
   */
  public CosineDecay(double initial, long decaySteps, double alpha, long warmupSteps) {
    this(0, decaySteps, alpha, warmupSteps, initial);
  }

  /**
   * Keras's full form.
   *
   * @param initial the rate at step 0, a finite number &gt;= 0 (0 only with a warm-up)
   * @param decaySteps steps of the cosine, at least 1
   * @param alpha the floor, as a fraction of the rate the cosine starts from, in [0, 1]
   * @param warmupSteps steps of the linear warm-up, 0 or more
   * @param warmupTarget the rate the warm-up reaches; NaN for none (Keras's {@code None})
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public CosineDecay(double initial, long decaySteps, double alpha, long warmupSteps,
      double warmupTarget) {
    boolean warmup = !Double.isNaN(warmupTarget);
    if (!(initial >= 0) || Double.isInfinite(initial) || (!warmup && initial == 0)) {
      throw new IllegalArgumentException("CosineDecay: initial expected a finite number "
          + (warmup ? ">= 0" : "> 0") + ", found " + initial);
    }
    this.initial = initial;
    this.decaySteps = Schedules.positiveSteps("CosineDecay", "decaySteps", decaySteps);
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("CosineDecay: alpha expected a number in [0, 1], found "
          + alpha);
    }
    this.alpha = alpha;
    if (warmupSteps < 0 || (warmup && warmupSteps == 0)) {
      throw new IllegalArgumentException("CosineDecay: warmupSteps expected " + (warmup
          ? "at least 1 with a warm-up target" : "0 or more") + ", found " + warmupSteps);
    }
    this.warmupSteps = warmup ? warmupSteps : 0;
    this.warmupTarget = warmup ? Hyperparameters.learningRate("CosineDecay", warmupTarget)
        : Double.NaN;
  }

  @Override
  public double rateAt(long step) {
    if (Double.isNaN(warmupTarget)) {
      return decayed(Math.min(step, decaySteps), initial);
    }
    double s = Math.min(step, decaySteps + warmupSteps);
    if (s < warmupSteps) {
      return (warmupTarget - initial) * (s / warmupSteps) + initial;
    }
    return decayed(s - warmupSteps, warmupTarget);
  }

  private double decayed(double step, double from) {
    double cosine = 0.5 * (1 + Math.cos(Math.PI * step / decaySteps));
    return from * ((1 - alpha) * cosine + alpha);
  }

  @Override
  public String toString() {
    return "CosineDecay(" + initial + ", " + decaySteps + ", " + alpha + ", " + warmupSteps + ", "
        + warmupTarget + ")";
  }
}
