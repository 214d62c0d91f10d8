package dev.topiary.runtime.optim;

/**
 * A learning rate that changes with the step, as Keras's
 * {@code keras.optimizers.schedules.LearningRateSchedule}: the optimizer asks it before every
 * update with the number of updates already applied (0 before the first), Keras's
 * {@code optimizer.iterations}. Built in: {@link ExponentialDecay}, {@link CosineDecay},
 * {@link PiecewiseConstantDecay}; {@link #constant} for a fixed rate.
 */
public interface LearningRateSchedule {
  /**
   * The rate of the update that follows {@code step} earlier updates.
   *
   * @param step updates already applied, 0 or more
   */
  double rateAt(long step);

  /** The same rate at every step. */
  static LearningRateSchedule constant(double rate) {
    double r = Hyperparameters.learningRate("constant schedule", rate);
    return new LearningRateSchedule() {
      @Override
      public double rateAt(long step) {
        return r;
      }

      @Override
      public String toString() {
        return "constant " + r;
      }
    };
  }
}
