package dev.topiary.runtime.train;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IllegalFormatException;
import java.util.Locale;

/**
 * Keras's {@code ModelCheckpoint}: after each epoch, writes a training checkpoint (weights,
 * optimizer state, pruning state, shuffling state: what {@link Trainer#resume} needs) to a path
 * made from a pattern, atomically (a temporary file beside it, then renamed).
 *
 * <p>The pattern's placeholders are Keras's: {@code {epoch}} and any of {@link Logs#KEYS}, each
 * with an optional format after a colon, e.g. {@code "ckpt/epoch-{epoch:02d}-{val_loss:.4f}.ckpt"}
 * ({@code d} for the epoch; {@code f}, {@code e} or {@code g} for figures; without one the epoch
 * is written as an integer and figures as Java's {@code Double.toString}). Missing directories
 * are created.
 *
 * <p>With {@code saveBestOnly}, a checkpoint is written only when {@code monitor} improved on the
 * best seen (as {@link EarlyStopping} decides: accuracies upwards, losses downwards).
 */
public final class ModelCheckpoint implements TrainingListener {
  private final String pattern;
  private final Monitor monitor;
  private final boolean saveBestOnly;
  private Training training;
  private File lastSaved;
  private int saves;

  /** Saves after every epoch. */
  public ModelCheckpoint(String pathPattern) {
    this(pathPattern, "val_loss", false);
  }

  /**
   * @param pathPattern the file of each checkpoint, with placeholders (see the class comment)
   * @param monitor one of {@link Logs#KEYS}, read only with {@code saveBestOnly}
   * @param saveBestOnly whether to save only when {@code monitor} improves
   * @throws IllegalArgumentException if the pattern is empty or has an unknown placeholder or
   *     format, or the monitor is not one of {@link Logs#KEYS}
   */
  public ModelCheckpoint(String pathPattern, String monitor, boolean saveBestOnly) {
    if (pathPattern == null || pathPattern.isEmpty()) {
      throw new IllegalArgumentException("ModelCheckpoint: expected a path pattern, found "
          + (pathPattern == null ? "null" : "an empty one"));
    }
    this.pattern = pathPattern;
    this.monitor = new Monitor("ModelCheckpoint", monitor, 0);
    this.saveBestOnly = saveBestOnly;
    format(pathPattern, 1, null); // finds a bad placeholder now rather than after an epoch
  }

  @Override
  public void onTrainBegin(Training training) {
    this.training = training;
  }

  @Override
  public void onEpochEnd(int epoch, Logs logs) {
    if (saveBestOnly && !monitor.improves(monitor.value("ModelCheckpoint", logs))) {
      return;
    }
    File file = new File(format(pattern, epoch, logs));
    try {
      File dir = file.getAbsoluteFile().getParentFile();
      if (dir != null && !dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
        throw new IOException("cannot create directory " + dir);
      }
      training.saveCheckpoint(file, epoch);
    } catch (IOException e) {
      throw new UncheckedIOException("ModelCheckpoint: cannot write " + file + ": "
          + e.getMessage(), e);
    }
    lastSaved = file;
    saves++;
  }

  /** The last checkpoint written, or null before the first. */
  public File lastSaved() {
    return lastSaved;
  }

  /** The checkpoints written so far. */
  public int saves() {
    return saves;
  }

  /** The best value of the monitored figure seen (with {@code saveBestOnly}). */
  public double best() {
    return monitor.best();
  }

  /**
   * The pattern with its placeholders filled in; {@code logs} null only checks it (figures 0).
   */
  static String format(String pattern, int epoch, Logs logs) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int close = pattern.indexOf('}', i);
      if (close < 0) {
        throw badPattern(pattern, "a '{' without its '}'");
      }
      String field = pattern.substring(i + 1, close);
      int colon = field.indexOf(':');
      String key = colon < 0 ? field : field.substring(0, colon);
      String spec = colon < 0 ? null : field.substring(colon + 1);
      out.append(placeholder(pattern, key, spec, epoch, logs));
      i = close + 1;
    }
    return out.toString();
  }

  private static String placeholder(String pattern, String key, String spec, int epoch,
      Logs logs) {
    boolean isEpoch = key.equals("epoch");
    if (!isEpoch && !Logs.KEYS.contains(key)) {
      throw badPattern(pattern, "the placeholder {" + key + "}; expected {epoch} or one of "
          + Logs.KEYS);
    }
    if (spec != null && (spec.isEmpty() || !spec.matches("[0-9.+-]*" + (isEpoch ? "d" : "[feg]")))) {
      throw badPattern(pattern, "the format '" + spec + "' of {" + key + "}; expected one like "
          + (isEpoch ? "02d" : ".4f"));
    }
    double value = isEpoch ? epoch : logs == null ? 0 : logs.get(key);
    try {
      if (spec == null) {
        return isEpoch ? Integer.toString(epoch) : Double.toString(value);
      }
      return isEpoch ? String.format(Locale.ROOT, "%" + spec, epoch)
          : String.format(Locale.ROOT, "%" + spec, value);
    } catch (IllegalFormatException e) {
      throw badPattern(pattern, "the format '" + spec + "' of {" + key + "}: " + e.getMessage());
    }
  }

  private static IllegalArgumentException badPattern(String pattern, String found) {
    return new IllegalArgumentException("ModelCheckpoint: path pattern \"" + pattern
        + "\" has " + found);
  }
}
