package dev.topiary.runtime.train;

import dev.topiary.runtime.Network;
import dev.topiary.runtime.optim.Optimizer;
import java.io.File;
import java.io.IOException;

/** The run a {@link TrainingListener} takes part in: what it trains, and a way to stop it. */
public final class Training {
  private final Network network;
  private final Optimizer optimizer;
  private final int epochs;
  private final Trainer trainer;
  private final long shuffleSeed;
  private final int steps;
  private final int batchSize;
  private final int examples;
  private boolean stopRequested;

  Training(Network network, Optimizer optimizer, int epochs, Trainer trainer, long shuffleSeed,
      int steps, int batchSize, int examples) {
    this.network = network;
    this.optimizer = optimizer;
    this.epochs = epochs;
    this.trainer = trainer;
    this.shuffleSeed = shuffleSeed;
    this.steps = steps;
    this.batchSize = batchSize;
    this.examples = examples;
  }

  /** The steps of each epoch (Keras's {@code params["steps"]}). */
  public int steps() {
    return steps;
  }

  /** The examples per step; an epoch's last step may have fewer. */
  public int batchSize() {
    return batchSize;
  }

  /** The examples trained on in each epoch (those held out for validation not counted). */
  public int examples() {
    return examples;
  }

  /**
   * Writes a training checkpoint of the run as it stands after epoch {@code epoch}, atomically
   * (see {@link Trainer#resume}); call it from {@link TrainingListener#onEpochEnd}, before the
   * weights move again.
   *
   * @throws IOException if the file cannot be written
   * @throws UnsupportedOperationException if the optimizer cannot be checkpointed
   */
  public void saveCheckpoint(File file, int epoch) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("expected a checkpoint file to write, found null");
    }
    Checkpoint.write(file, network, optimizer, epoch, trainer.stepsRun(), shuffleSeed);
  }

  /** The network being trained. */
  public Network network() {
    return network;
  }

  /** The optimizer stepping it (its learning rate can be changed between steps). */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The epochs the run was asked for (the last epoch's number, as Keras's {@code epochs}). */
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
