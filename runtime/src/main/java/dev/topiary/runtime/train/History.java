package dev.topiary.runtime.train;

import dev.topiary.runtime.Evaluation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** What a training run did, epoch by epoch, like the {@code History} Keras's {@code fit} returns. */
public final class History {
  /** One epoch's figures. */
  public static final class Epoch {
    private final int index;
    private final double loss;
    private final double accuracy;
    private final long images;
    private final long nanos;
    private final Evaluation validation;

    Epoch(int index, double loss, double accuracy, long images, long nanos, Evaluation validation) {
      this.index = index;
      this.loss = loss;
      this.accuracy = accuracy;
      this.images = images;
      this.nanos = nanos;
      this.validation = validation;
    }

    /** The epoch's number, from 1. */
    public int index() {
      return index;
    }

    /** The mean training loss over the epoch's batches, regularization included. */
    public double loss() {
      return loss;
    }

    /** The training accuracy over the epoch, measured on the batches as they were trained. */
    public double accuracy() {
      return accuracy;
    }

    /** The examples trained on. */
    public long images() {
      return images;
    }

    /** The wall time of the epoch's training steps, in seconds. */
    public double seconds() {
      return nanos / 1e9;
    }

    /** Training throughput: examples per second. */
    public double imagesPerSecond() {
      return nanos == 0 ? 0 : images * 1e9 / nanos;
    }

    /** The evaluation on the validation set after the epoch, or null without one. */
    public Evaluation validation() {
      return validation;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "epoch %d: loss %.4f%s, %.0f img/s%s", index, loss,
          Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, ", accuracy %.2f%%",
              100 * accuracy), imagesPerSecond(),
          validation == null ? "" : ", validation " + validation);
    }
  }

  private final List<Epoch> epochs = new ArrayList<>();

  History() {}

  void add(Epoch epoch) {
    epochs.add(epoch);
  }

  /** The epochs in order. */
  public List<Epoch> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /** The last epoch. */
  public Epoch last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("the training run had no epochs");
    }
    return epochs.get(epochs.size() - 1);
  }

  /** Training throughput over the whole run: examples per second of training-step time. */
  public double imagesPerSecond() {
    long images = 0;
    long nanos = 0;
    for (Epoch e : epochs) {
      images += e.images;
      nanos += e.nanos;
    }
    return nanos == 0 ? 0 : images * 1e9 / nanos;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (Epoch e : epochs) {
      s.append(e).append('\n');
    }
    return s.toString();
  }
}
