package dev.topiary.runtime.train;

/**
 * A monitored figure and when it improves, as Keras's callbacks decide it in {@code auto} mode:
 * accuracies improve upwards, losses (and anything else) downwards, by more than
 * {@code minDelta}.
 */
final class Monitor {
  private final String key;
  private final double minDelta;
  private final boolean upwards;
  private double best;

  Monitor(String owner, String key, double minDelta) {
    this.key = Logs.checkKey(owner, key);
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException(owner + ": minDelta expected a finite number >= 0, found "
          + minDelta);
    }
    this.minDelta = minDelta;
    this.upwards = key.contains("accuracy");
    this.best = upwards ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /**
   * The monitored figure of {@code logs}.
   *
   * @throws IllegalStateException if the logs lack it (e.g. {@code val_loss} without validation)
   */
  double value(String owner, Logs logs) {
    double v = logs.get(key);
    if (Double.isNaN(v)) {
      throw new IllegalStateException(owner + " monitors " + key + ", which the run does not "
          + "report" + (key.startsWith("val_") ? "; give the trainer validation data" : ""));
    }
    return v;
  }

  /** Whether {@code v} beats the best so far; if so, it becomes the best. */
  boolean improves(double v) {
    boolean better = upwards ? v > best + minDelta : v < best - minDelta;
    if (better) {
      best = v;
    }
    return better;
  }

  double best() {
    return best;
  }

  String key() {
    return key;
  }
}
