package dev.topiary.runtime.train;

/**
 * Called by {@link Trainer#fit} as training goes, like a Keras callback: every method has an empty
 * default, so a listener implements only what it needs. Built in: {@link EarlyStopping},
 * {@link ReduceLROnPlateau}, {@link CsvLogger}. Listeners run on the training thread, in the
 * order given to {@link Trainer#listeners}.
 */
public interface TrainingListener {
  /**
   * Training starts; {@code training} gives the network and optimizer, and lets the listener
   * stop the run ({@link Training#stop()}).
   */
  default void onTrainBegin(Training training) {}

  /** Epoch {@code epoch} (from 1) starts. */
  default void onEpochBegin(int epoch) {}

  /**
   * A training step ended: {@code step} counts this run's steps from 1; the logs hold the running
   * mean loss and accuracy of the epoch so far, the learning rate and the sparsity.
   */
  default void onBatchEnd(long step, Logs logs) {}

  /** Epoch {@code epoch} ended: the epoch's loss and accuracy, and the validation figures. */
  default void onEpochEnd(int epoch, Logs logs) {}

  /** Training ended, normally, by a listener's {@link Training#stop()}, or by an exception. */
  default void onTrainEnd() {}
}
