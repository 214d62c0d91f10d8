package dev.topiary.runtime.optim;

/**
 * AdamW (Loshchilov and Hutter, 2019) as Keras's {@code keras.optimizers.AdamW}: Adam with
 * decoupled weight decay, applied to every parameter before the Adam update of each step:
 * {@code w -= w * weightDecay * lr}, then the {@link Adam} step.
 */
public final class AdamW extends Adam {
  /** Keras's default weight decay, 0.004. */
  public static final double DEFAULT_WEIGHT_DECAY = 0.004;

  private final double weightDecay;

  /** AdamW with Keras's defaults: learning rate 0.001, weight decay 0.004, Adam's betas. */
  public AdamW() {
    this(DEFAULT_LEARNING_RATE, DEFAULT_WEIGHT_DECAY);
  }

  /**
   * @param learningRate a finite number &gt; 0
   * @param weightDecay a finite number &gt;= 0
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public AdamW(double learningRate, double weightDecay) {
    this(fixed("AdamW", learningRate), weightDecay);
    constantRate();
  }

  /** AdamW with a learning rate schedule (the decay follows the scheduled rate, as in Keras). */
  public AdamW(LearningRateSchedule schedule, double weightDecay) {
    super("AdamW", schedule, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON,
        checked(weightDecay));
    this.weightDecay = weightDecay;
  }

  private static double checked(double weightDecay) {
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("AdamW: weightDecay expected a finite number >= 0, found "
          + weightDecay);
    }
    return weightDecay;
  }

  /** The decoupled weight decay factor. */
  public double weightDecay() {
    return weightDecay;
  }
}
