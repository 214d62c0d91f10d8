package dev.topiary.runtime.train;

import dev.topiary.runtime.Network;
import dev.topiary.runtime.Parameter;
import java.util.List;

/**
 * Keras's {@code EarlyStopping}: stops training when {@code monitor} has not improved by more than
 * {@code minDelta} for {@code patience} epochs; with {@code restoreBestWeights}, puts back the
 * weights of the best epoch when it stops.
 */
public final class EarlyStopping implements TrainingListener {
  private final Monitor monitor;
  private final int patience;
  private final boolean restoreBestWeights;
  private Training training;
  private float[][] bestWeights;
  private int wait;
  private int stoppedEpoch;

  /** Monitors {@code val_loss} with Keras's defaults otherwise: minDelta 0, no restore. */
  public EarlyStopping(int patience) {
    this("val_loss", 0, patience, false);
  }

  /**
   * @param monitor one of {@link Logs#KEYS}, e.g. {@code "val_loss"}
   * @param minDelta the smallest change that counts as an improvement, 0 or more
   * @param patience epochs without improvement before stopping, 0 or more
   * @param restoreBestWeights whether to restore the best epoch's weights when stopping
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public EarlyStopping(String monitor, double minDelta, int patience,
      boolean restoreBestWeights) {
    this.monitor = new Monitor("EarlyStopping", monitor, minDelta);
    if (patience < 0) {
      throw new IllegalArgumentException("EarlyStopping: patience expected 0 or more, found "
          + patience);
    }
    this.patience = patience;
    this.restoreBestWeights = restoreBestWeights;
  }

  @Override
  public void onTrainBegin(Training training) {
    this.training = training;
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestWeights = null;
  }

  @Override
  public void onEpochEnd(int epoch, Logs logs) {
    if (monitor.improves(monitor.value("EarlyStopping", logs))) {
      wait = 0;
      if (restoreBestWeights) {
        bestWeights = snapshot(training.network());
      }
      return;
    }
    wait++;
    if (wait >= patience) { // Keras: counts this epoch, then compares
      stoppedEpoch = epoch;
      training.stop();
      if (restoreBestWeights && bestWeights != null) {
        restore(training.network(), bestWeights);
      }
    }
  }

  /** The epoch after which it stopped the run, or 0 if it did not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The best value of the monitored figure seen. */
  public double best() {
    return monitor.best();
  }

  private static float[][] snapshot(Network network) {
    List<Parameter> params = network.parameters();
    float[][] copy = new float[params.size()][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = params.get(i).value.clone();
    }
    return copy;
  }

  private static void restore(Network network, float[][] weights) {
    List<Parameter> params = network.parameters();
    for (int i = 0; i < weights.length; i++) {
      System.arraycopy(weights[i], 0, params.get(i).value, 0, weights[i].length);
    }
    network.weightsChanged();
  }
}
