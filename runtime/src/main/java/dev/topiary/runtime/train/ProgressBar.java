package dev.topiary.runtime.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The console progress bar as a {@link TrainingListener} (Keras's {@code ProgbarLogger}): per
 * epoch, on a terminal, one line redrawn in place, at most {@code COLUMNS} (else 80) columns
 * wide; piped, one line when the epoch ends. The epoch's line ends with the validation figures.
 * See {@link Progress} for the lines. {@link Trainer#progress} adds one on {@code System.out}.
 */
public final class ProgressBar implements TrainingListener {
  private final PrintStream out;
  private final boolean terminal;
  private final int width;
  private final LongSupplier nanoClock;
  private Training training;
  private Progress progress;
  private int step;
  private long start;

  /**
   * A bar on {@code out}.
   *
   * @param terminal whether {@code out} is a terminal that honours {@code '\r'}: one redrawn
   *     line; else one line per epoch
   * @param width the terminal's columns; a line is at most {@code width - 1} long
   * @throws IllegalArgumentException if {@code out} is null or {@code width < 2}
   */
  public ProgressBar(PrintStream out, boolean terminal, int width) {
    this(out, terminal, width, System::nanoTime);
  }

  /** As the public constructor, with the clock that throttles redraws and times steps. */
  ProgressBar(PrintStream out, boolean terminal, int width, LongSupplier nanoClock) {
    if (out == null || width < 2) {
      throw new IllegalArgumentException("ProgressBar: expected a stream and a width of 2 or "
          + "more, found " + (out == null ? "no stream" : "width " + width));
    }
    this.out = out;
    this.terminal = terminal;
    this.width = width;
    this.nanoClock = nanoClock;
  }

  /**
   * A bar on {@code System.out}: redrawn when the JVM has a console ({@code System.console()};
   * none on Android or with redirected output), as wide as the {@code COLUMNS} environment
   * variable says when it holds a width, else 80 columns.
   */
  public static ProgressBar forConsole() {
    return new ProgressBar(System.out, Progress.consoleAttached(),
        Progress.columns(System.getenv("COLUMNS")));
  }

  /** Whether lines are redrawn in place. */
  public boolean terminal() {
    return terminal;
  }

  /** The columns a line may take, less one. */
  public int width() {
    return width;
  }

  @Override
  public void onTrainBegin(Training training) {
    this.training = training;
  }

  @Override
  public void onEpochBegin(int epoch) {
    String title = String.format(Locale.ROOT, "%s epoch %d/%d",
        training.network().modelName(), epoch, training.epochs());
    progress = new Progress(out, terminal, Math.max(1, training.steps()), title, width,
        nanoClock);
    step = 0;
    start = nanoClock.getAsLong();
  }

  @Override
  public void onBatchEnd(long globalStep, Logs logs) {
    step++;
    progress.update(step, logs.loss(), logs.accuracy(), images(), nanoClock.getAsLong() - start);
  }

  @Override
  public void onEpochEnd(int epoch, Logs logs) {
    progress.finish(step, logs.loss(), logs.accuracy(), images(), nanoClock.getAsLong() - start,
        logs.valLoss(), logs.valAccuracy());
  }

  private long images() {
    return Math.min((long) step * training.batchSize(), training.examples());
  }
}
