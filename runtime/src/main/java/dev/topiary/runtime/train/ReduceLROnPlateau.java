package dev.topiary.runtime.train;

/**
 * Keras's {@code ReduceLROnPlateau}: multiplies the learning rate by {@code factor} when
 * {@code monitor} has not improved by more than {@code minDelta} for {@code patience} epochs,
 * then waits {@code cooldown} epochs before counting again, never going below {@code minLr}.
 * Needs an optimizer with a fixed rate (a schedule sets the rate itself).
 */
public final class ReduceLROnPlateau implements TrainingListener {
  private final Monitor monitor;
  private final double factor;
  private final int patience;
  private final int cooldown;
  private final double minLr;
  private Training training;
  private int wait;
  private int cooling;

  /** Keras's defaults: {@code val_loss}, factor 0.1, patience 10, minDelta 1e-4, no cooldown. */
  public ReduceLROnPlateau() {
    this("val_loss", 0.1, 10, 1e-4, 0, 0);
  }

  /**
   * @param factor in (0, 1)
   * @param minLr the lowest rate, 0 or more
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public ReduceLROnPlateau(String monitor, double factor, int patience, double minDelta,
      int cooldown, double minLr) {
    this.monitor = new Monitor("ReduceLROnPlateau", monitor, minDelta);
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException("ReduceLROnPlateau: factor expected a number in (0, 1), "
          + "found " + factor);
    }
    if (patience < 0 || cooldown < 0 || !(minLr >= 0)) {
      throw new IllegalArgumentException("ReduceLROnPlateau: patience, cooldown and minLr expected"
          + " 0 or more, found " + patience + ", " + cooldown + ", " + minLr);
    }
    this.factor = factor;
    this.patience = patience;
    this.cooldown = cooldown;
    this.minLr = minLr;
  }

  @Override
  public void onTrainBegin(Training training) {
    this.training = training;
    this.wait = 0;
    this.cooling = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Logs logs) {
    double v = monitor.value("ReduceLROnPlateau", logs);
    if (cooling > 0) {
      cooling--;
      wait = 0;
    }
    if (monitor.improves(v)) {
      wait = 0;
      return;
    }
    if (cooling > 0) {
      return;
    }
    wait++;
    if (wait >= patience) {
      double old = training.optimizer().learningRate();
      double lowered = Math.max(old * factor, minLr);
      if (lowered < old && lowered > 0) {
        training.optimizer().setLearningRate(lowered);
      }
      cooling = cooldown;
      wait = 0;
    }
  }
}
