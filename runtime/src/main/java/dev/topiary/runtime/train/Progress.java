package dev.topiary.runtime.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A console progress report for one pass of a training run, in the spirit of Keras's
 * {@code Progbar}.
 *
 * <p>On a terminal ({@code interactive}) it redraws one line in place with {@code '\r'}:
 * <pre>
 * Epoch 1/5  1234/1875 [==================&gt;           ] loss 0.1234  acc 96.12%  5,321 img/s  ETA 0:05
 * </pre>
 * at most about ten times a second. Elsewhere (a pipe, a CI log) it prints a plain line without a
 * bar and never a carriage return, at about every tenth of the steps and at the last:
 * <pre>
 * Epoch 1/5  1000/1875  53%  loss 0.1234  acc 96.12%  5,321 img/s  ETA 0:05
 * </pre>
 * When the last step is reached the ETA gives way to the time taken ({@code time 0:35}).
 *
 * <p>{@link #update} is meant to be called after every step: when it does not draw, it reads the
 * clock and compares, and builds no strings. Not thread-safe: call it from the training thread.
 */
public final class Progress {
  /** The bar's width in characters, as Keras's. */
  static final int BAR_WIDTH = 30;
  /** The shortest time between two interactive redraws: about ten a second is enough to read. */
  static final long REDRAW_INTERVAL_NANOS = 100_000_000L;
  /** The number of plain lines over a run, one per tenth of the steps. */
  static final int PLAIN_REPORTS = 10;

  private final PrintStream out;
  private final boolean interactive;
  private final int totalSteps;
  private final String title;
  private final LongSupplier nanoClock;
  private final int stepDigits;

  private boolean drawn;
  private long lastDrawNanos;
  private int previousLength;
  private int reportsMade;
  private int nextReportStep;
  private int lastPrintedStep = -1;
  private boolean finished;

  /**
   * Creates a report that writes to {@code out}.
   *
   * @param out where lines are written, e.g. {@code System.out}
   * @param interactive whether {@code out} is a terminal that honours {@code '\r'}
   * @param totalSteps the number of steps in the run, at least 1
   * @param title what the run is, e.g. {@code "Epoch 1/5"}; may be empty
   * @throws IllegalArgumentException if {@code totalSteps < 1}
   */
  public Progress(PrintStream out, boolean interactive, int totalSteps, String title) {
    this(out, interactive, totalSteps, title, System::nanoTime);
  }

  /** As the public constructor, with the clock that throttles redraws given, for tests. */
  Progress(
      PrintStream out, boolean interactive, int totalSteps, String title, LongSupplier nanoClock) {
    if (out == null || title == null || nanoClock == null) {
      throw new NullPointerException("Progress: out, title and nanoClock must not be null");
    }
    if (totalSteps < 1) {
      throw new IllegalArgumentException(
          "Progress: totalSteps expected at least 1, found " + totalSteps);
    }
    this.out = out;
    this.interactive = interactive;
    this.totalSteps = totalSteps;
    this.title = title;
    this.nanoClock = nanoClock;
    this.stepDigits = Integer.toString(totalSteps).length();
    this.nextReportStep = reportStep(1);
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
    return new Progress(System.out, consoleAttached(), totalSteps, title);
  }

  /** Whether the JVM has a console: false on Android and when output is redirected. */
  static boolean consoleAttached() {
    return System.console() != null;
  }

  /**
   * Records the state after {@code step} steps and draws it when due: interactively at most every
   * 100 ms (and always at the first and the last step), otherwise once per tenth of the run.
   * Ignored after {@link #finish}.
   *
   * @param step the number of steps done, 1 to {@code totalSteps}
   * @param loss the mean loss so far
   * @param accuracy the fraction classified right so far, in [0, 1]
   * @param images the number of examples processed so far
   * @param elapsedNanos the time since the run started
   */
  public void update(int step, double loss, double accuracy, long images, long elapsedNanos) {
    if (finished) {
      return;
    }
    if (interactive) {
      long now = nanoClock.getAsLong();
      if (drawn && now - lastDrawNanos < REDRAW_INTERVAL_NANOS && step < totalSteps) {
        return;
      }
      drawn = true;
      lastDrawNanos = now;
      redraw(line(step, loss, accuracy, images, elapsedNanos));
    } else if (step >= nextReportStep) {
      while (reportsMade < PLAIN_REPORTS && nextReportStep <= step) {
        reportsMade++;
        nextReportStep =
            reportsMade < PLAIN_REPORTS ? reportStep(reportsMade + 1) : Integer.MAX_VALUE;
      }
      printPlain(step, line(step, loss, accuracy, images, elapsedNanos));
    }
  }

  /**
   * Draws the final state and ends the line. A plain report skips the line if {@link #update}
   * already printed this step. Later calls to either method are ignored.
   *
   * @param step the number of steps done; {@code totalSteps} unless the run stopped early
   * @param loss the mean loss of the run
   * @param accuracy the fraction classified right, in [0, 1]
   * @param images the number of examples processed
   * @param elapsedNanos the time the run took
   */
  public void finish(int step, double loss, double accuracy, long images, long elapsedNanos) {
    if (finished) {
      return;
    }
    finished = true;
    if (interactive) {
      redraw(line(step, loss, accuracy, images, elapsedNanos));
      out.println();
      out.flush();
    } else if (step != lastPrintedStep) {
      printPlain(step, line(step, loss, accuracy, images, elapsedNanos));
    }
  }

  /** Whether lines are redrawn in place. */
  boolean interactive() {
    return interactive;
  }

  /** The text of the line for these values, bar or percentage as this report's mode wants. */
  String line(int step, double loss, double accuracy, long images, long elapsedNanos) {
    StringBuilder line = new StringBuilder(title.length() + 112);
    if (!title.isEmpty()) {
      line.append(title).append("  ");
    }
    String steps = Integer.toString(step);
    for (int i = steps.length(); i < stepDigits; i++) {
      line.append(' ');
    }
    line.append(steps).append('/').append(totalSteps);
    if (interactive) {
      line.append(" [");
      appendBar(line, step);
      line.append("] ");
    } else {
      line.append(String.format(Locale.ROOT, "  %d%%  ", (int) (100L * clamp(step) / totalSteps)));
    }
    line.append(String.format(Locale.ROOT, "loss %.4f  acc %.2f%%  %,d img/s  ",
        loss, 100 * accuracy, imagesPerSecond(images, elapsedNanos)));
    if (step >= totalSteps) {
      line.append("time ").append(duration(Math.round(elapsedNanos / 1e9)));
    } else {
      line.append("ETA ").append(eta(step, elapsedNanos));
    }
    return line.toString();
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

  /** The step of plain report {@code k} (1-based): {@code ceil(k * totalSteps / 10)}. */
  private int reportStep(int k) {
    return (int) ((k * (long) totalSteps + PLAIN_REPORTS - 1) / PLAIN_REPORTS);
  }

  private int clamp(int step) {
    return Math.max(0, Math.min(step, totalSteps));
  }

  /** Keras's bar: {@code '='} up to the position, {@code '>'} at it until the end, then blanks. */
  private void appendBar(StringBuilder line, int step) {
    int filled = (int) ((long) BAR_WIDTH * clamp(step) / totalSteps);
    for (int i = 1; i < filled; i++) {
      line.append('=');
    }
    if (filled > 0) {
      line.append(step < totalSteps ? '>' : '=');
    }
    for (int i = filled; i < BAR_WIDTH; i++) {
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

  private void printPlain(int step, String line) {
    out.println(line);
    out.flush();
    lastPrintedStep = step;
  }
}
