package dev.topiary.runtime.train;

import dev.topiary.runtime.Network;
import dev.topiary.runtime.optim.Optimizer;

/** The run a {@link TrainingListener} takes part in: what it trains, and a way to stop it. */
public final class Training {
  private final Network network;
  private final Optimizer optimizer;
  private final int epochs;
  private boolean stopRequested;

  Training(Network network, Optimizer optimizer, int epochs) {
    this.network = network;
    this.optimizer = optimizer;
    this.epochs = epochs;
  }

  /** The network being trained. */
  public Network network() {
    return network;
  }

  /** The optimizer stepping it (its learning rate can be changed between steps). */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The epochs the run was asked for. */
  public int epochs() {
    return epochs;
  }

  /** Ends the run after the current epoch (Keras's {@code model.stop_training = True}). */
  public void stop() {
    stopRequested = true;
  }

  /** Whether a listener asked the run to stop. */
  public boolean stopRequested() {
    return stopRequested;
  }
}
