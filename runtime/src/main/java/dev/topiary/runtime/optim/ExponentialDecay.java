package dev.topiary.runtime.optim;

/**
 * Keras's {@code ExponentialDecay}: {@code initial * rate^(step / decaySteps)}, with the exponent
 * floored when {@code staircase} (the rate then drops once every {@code decaySteps} steps).
 */
public final class ExponentialDecay implements LearningRateSchedule {
  private final double initial;
  private final long decaySteps;
  private final double rate;
  private final boolean staircase;

  /**
   * @param initial the rate at step 0, a finite number &gt; 0
   * @param decaySteps steps per factor of {@code rate}, at least 1
   * @param rate the decay factor, a finite number &gt; 0 (below 1 decays)
   * @param staircase whether the rate drops in steps rather than continuously
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public ExponentialDecay(double initial, long decaySteps, double rate, boolean staircase) {
    this.initial = Hyperparameters.learningRate("ExponentialDecay", initial);
    this.decaySteps = Schedules.positiveSteps("ExponentialDecay", "decaySteps", decaySteps);
    this.rate = Schedules.positive("ExponentialDecay", "rate", rate);
    this.staircase = staircase;
  }

  @Override
  public double rateAt(long step) {
    double p = (double) step / decaySteps;
    return initial * Math.pow(rate, staircase ? Math.floor(p) : p);
  }

  @Override
  public String toString() {
    return "ExponentialDecay(" + initial + ", " + decaySteps + ", " + rate + ", " + staircase + ")";
  }
}
