package dev.topiary.runtime.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A console progress report for one epoch of a training run, in the spirit of Keras's
 * {@code Progbar}; {@link ProgressBar} draws one per epoch as a {@link TrainingListener}.
 *
 * <p>On a terminal ({@code interactive}) it redraws one line in place with {@code '\r'}:
 * <pre>
 * Epoch 1/5  1234/1875 [==================&gt;           ] loss 0.1234  acc 96.12%  5,321 img/s  ETA 0:05
 * </pre>
 * at most about ten times a second, never wider than {@code width - 1} columns (so that no
 * terminal wraps it): when the whole line does not fit, the throughput goes first, then the bar
 * shrinks (to 10 cells) and goes, then the ETA or time, then the step count, then the title
 * loses its start ({@code "...l epoch 1/5"}), and a line still too long is cut. Elsewhere (a pipe, a CI log) it prints one plain line when the epoch
 * ends, whole, without a bar and never with a carriage return:
 * <pre>
 * Epoch 1/5  1875/1875  100%  loss 0.1234  acc 96.12%  5,321 img/s  time 0:35  val_loss 0.1300  val_acc 95.80%
 * </pre>
 * When the last step is reached the ETA gives way to the time taken ({@code time 0:35}); the
 * validation figures, when given to {@link #finish}, end the epoch's line.
 *
 * <p>{@link #update} is meant to be called after every step: when it does not draw, it reads the
 * clock and compares, and builds no strings. Not thread-safe: call it from the training thread.
 */
public final class Progress {
  /** The bar's width in characters, as Keras's. */
  static final int BAR_WIDTH = 30;
  /** The narrowest bar drawn; narrower, none. */
  static final int MIN_BAR_WIDTH = 10;
  /** The terminal width assumed when none is known. */
  public static final int DEFAULT_WIDTH = 80;
  /** The shortest time between two interactive redraws: about ten a second is enough to read. */
  static final long REDRAW_INTERVAL_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean interactive;
  private final int totalSteps;
  private final String title;
  private final int width;
  private final LongSupplier nanoClock;
  private final int stepDigits;

  private boolean drawn;
  private long lastDrawNanos;
  private int previousLength;
  private boolean finished;

  /**
   * Creates a report that writes to {@code out}, {@link #DEFAULT_WIDTH} columns wide.
   *
   * @param out where lines are written, e.g. {@code System.out}
   * @param interactive whether {@code out} is a terminal that honours {@code '\r'}
   * @param totalSteps the number of steps in the run, at least 1
   * @param title what the run is, e.g. {@code "Epoch 1/5"}; may be empty
   * @throws IllegalArgumentException if {@code totalSteps < 1}
   */
  public Progress(PrintStream out, boolean interactive, int totalSteps, String title) {
    this(out, interactive, totalSteps, title, DEFAULT_WIDTH, System::nanoTime);
  }

  /**
   * As the public constructor, with the terminal's width and the clock that throttles redraws
   * given.
   */
  Progress(PrintStream out, boolean interactive, int totalSteps, String title, int width,
      LongSupplier nanoClock) {
    if (out == null || title == null || nanoClock == null) {
      throw new NullPointerException("Progress: out, title and nanoClock must not be null");
    }
    if (totalSteps < 1) {
      throw new IllegalArgumentException(
          "Progress: totalSteps expected at least 1, found " + totalSteps);
    }
    if (width < 2) {
      throw new IllegalArgumentException("Progress: width expected at least 2, found " + width);
    }
    this.out = out;
    this.interactive = interactive;
    this.totalSteps = totalSteps;
    this.title = title;
    this.width = width;
    this.nanoClock = nanoClock;
    this.stepDigits = Integer.toString(totalSteps).length();
  }

  /**
   * A report on {@code System.out}, interactive when the JVM has a console. Android and a
   * redirected output have none, so they get plain lines. (From Java 22 on,
   * {@code System.console()} may exist for a redirected output too; the runtime targets Java 11
   * and Android, which lack {@code Console.isTerminal()}.)
   *
   * @param totalSteps the number of steps in the run, at least 1
   * @param title what the run is, e.g. {@code "Epoch 1/5"}; may be empty
   * @throws IllegalArgumentException if {@code totalSteps < 1}
   */
  public static Progress forConsole(int totalSteps, String title) {
    return new Progress(System.out, consoleAttached(), totalSteps, title,
        columns(System.getenv("COLUMNS")), System::nanoTime);
  }

  /** Whether the JVM has a console: false on Android and when output is redirected. */
  static boolean consoleAttached() {
    return System.console() != null;
  }

  /**
   * The terminal's width from the {@code COLUMNS} environment variable: its value when it is a
   * whole number from 2 to 10,000, else {@link #DEFAULT_WIDTH}.
   */
  static int columns(String env) {
    if (env != null) {
      try {
        int w = Integer.parseInt(env.trim());
        if (w >= 2 && w <= 10_000) {
          return w;
        }
      } catch (NumberFormatException e) {
        // not a number: the default
      }
    }
    return DEFAULT_WIDTH;
  }

  /**
   * Records the state after {@code step} steps and, interactively, redraws it at most every
   * 100 ms (and always at the first and the last step). Plain reports print only at
   * {@link #finish}. Ignored after {@link #finish}.
   *
   * @param step the number of steps done, 1 to {@code totalSteps}
   * @param loss the mean loss so far
   * @param accuracy the fraction classified right so far, in [0, 1]
   * @param images the number of examples processed so far
   * @param elapsedNanos the time since the run started
   */
  public void update(int step, double loss, double accuracy, long images, long elapsedNanos) {
    if (finished || !interactive) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (drawn && now - lastDrawNanos < REDRAW_INTERVAL_NANOS && step < totalSteps) {
      return;
    }
    drawn = true;
    lastDrawNanos = now;
    redraw(line(step, loss, accuracy, images, elapsedNanos, Double.NaN, Double.NaN));
  }

  /** {@link #finish(int, double, double, long, long, double, double)} without validation. */
  public void finish(int step, double loss, double accuracy, long images, long elapsedNanos) {
    finish(step, loss, accuracy, images, elapsedNanos, Double.NaN, Double.NaN);
  }

  /**
   * Draws the final state, with the validation figures unless they are NaN, and ends the line.
   * Later calls to either method are ignored.
   *
   * @param step the number of steps done; {@code totalSteps} unless the run stopped early
   * @param loss the mean loss of the run
   * @param accuracy the fraction classified right, in [0, 1]
   * @param images the number of examples processed
   * @param elapsedNanos the time the run took
   * @param valLoss the validation loss, or NaN
   * @param valAccuracy the validation accuracy in [0, 1], or NaN
   */
  public void finish(int step, double loss, double accuracy, long images, long elapsedNanos,
      double valLoss, double valAccuracy) {
    if (finished) {
      return;
    }
    finished = true;
    String line = line(step, loss, accuracy, images, elapsedNanos, valLoss, valAccuracy);
    if (interactive) {
      redraw(line);
      out.println();
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Whether lines are redrawn in place. */
  boolean interactive() {
    return interactive;
  }

  /** The line for these values without validation figures. */
  String line(int step, double loss, double accuracy, long images, long elapsedNanos) {
    return line(step, loss, accuracy, images, elapsedNanos, Double.NaN, Double.NaN);
  }

  /**
   * The text of the line for these values: interactively with a bar, fitted to the width;
   * plainly with a percentage, whole.
   */
  String line(int step, double loss, double accuracy, long images, long elapsedNanos,
      double valLoss, double valAccuracy) {
    String steps = pad(Integer.toString(step)) + "/" + totalSteps;
    // no accuracy (NaN) for a regression: the figure is left out
    String figures = String.format(Locale.ROOT, "loss %.4f", loss)
        + (Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, "  acc %.2f%%", 100 * accuracy));
    String rate = String.format(Locale.ROOT, "  %,d img/s", imagesPerSecond(images, elapsedNanos));
    String time = step >= totalSteps ? "  time " + duration(Math.round(elapsedNanos / 1e9))
        : "  ETA " + eta(step, elapsedNanos);
    StringBuilder tail = new StringBuilder();
    if (!Double.isNaN(valLoss)) {
      tail.append(String.format(Locale.ROOT, "  val_loss %.4f", valLoss));
    }
    if (!Double.isNaN(valAccuracy)) {
      tail.append(String.format(Locale.ROOT, "  val_acc %.2f%%", 100 * valAccuracy));
    }
    if (!interactive) {
      String percent = String.format(Locale.ROOT, "  %d%%  ", (int) (100L * clamp(step) / totalSteps));
      return head(title) + steps + percent + figures + rate + time + tail;
    }
    int max = width - 1;
    String line = compose(title, steps, BAR_WIDTH, step, figures + rate + time + tail);
    if (line.length() <= max) {
      return line;
    }
    String noRate = figures + time + tail;
    line = compose(title, steps, BAR_WIDTH, step, noRate);
    int bar = Math.min(BAR_WIDTH, BAR_WIDTH - (line.length() - max));
    String[] candidates = {
        compose(title, steps, bar >= MIN_BAR_WIDTH ? bar : 0, step, noRate),
        compose(title, steps, 0, step, noRate),
        compose(title, steps, 0, step, figures + tail),
        compose(title, null, 0, step, figures + tail)};
    for (String c : candidates) {
      if (c.length() <= max) {
        return c;
      }
    }
    String rest = figures + tail;
    int room = max - rest.length() - 2; // the title's "  "
    if (room > 3) {
      return compose("..." + title.substring(title.length() - (room - 3)), null, 0, step, rest);
    }
    return rest.length() <= max ? rest : rest.substring(0, max);
  }

  /** A terminal line: title, steps (unless null), a bar of {@code barWidth} (none if 0), rest. */
  private String compose(String title, String steps, int barWidth, int step, String rest) {
    StringBuilder line = new StringBuilder(head(title));
    if (steps != null) {
      line.append(steps).append(barWidth > 0 ? " [" : "  ");
    }
    if (barWidth > 0) {
      if (steps == null) {
        line.append('[');
      }
      appendBar(line, step, barWidth);
      line.append("] ");
    }
    return line.append(rest).toString();
  }

  private static String head(String title) {
    return title.isEmpty() ? "" : title + "  ";
  }

  private String pad(String steps) {
    StringBuilder s = new StringBuilder();
    for (int i = steps.length(); i < stepDigits; i++) {
      s.append(' ');
    }
    return s.append(steps).toString();
  }

  /**
   * A duration as Keras's progress bar writes it: {@code m:ss}, or {@code h:mm:ss} from an hour on.
   */
  static String duration(long seconds) {
    long s = Math.max(0, seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private int clamp(int step) {
    return Math.max(0, Math.min(step, totalSteps));
  }

  /** Keras's bar: {@code '='} up to the position, {@code '>'} at it until the end, then blanks. */
  private void appendBar(StringBuilder line, int step, int barWidth) {
    int filled = (int) ((long) barWidth * clamp(step) / totalSteps);
    for (int i = 1; i < filled; i++) {
      line.append('=');
    }
    if (filled > 0) {
      line.append(step < totalSteps ? '>' : '=');
    }
    for (int i = filled; i < barWidth; i++) {
      line.append(' ');
    }
  }

  private String eta(int step, long elapsedNanos) {
    if (step <= 0 || elapsedNanos <= 0) {
      return "-:--";
    }
    double remainingNanos = (double) elapsedNanos / step * (totalSteps - step);
    return duration(Math.round(remainingNanos / 1e9));
  }

  private static long imagesPerSecond(long images, long elapsedNanos) {
    return elapsedNanos <= 0 ? 0 : Math.round(images * 1e9 / elapsedNanos);
  }

  /** Returns to the start of the line and overwrites it, blanking what a longer line left. */
  private void redraw(String line) {
    StringBuilder text = new StringBuilder(Math.max(line.length(), previousLength) + 1);
    text.append('\r').append(line);
    for (int i = line.length(); i < previousLength; i++) {
      text.append(' ');
    }
    previousLength = line.length();
    out.print(text);
    out.flush();
  }
}
