package dev.topiary.runtime.train;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Keras's {@code CSVLogger}: one row per epoch, {@code epoch} then each of {@link Logs#KEYS}
 * (empty where the run has no such figure). The file is rewritten whole after every epoch, to a
 * temporary file moved into place, so it is never half-written.
 */
public final class CsvLogger implements TrainingListener {
  private final File file;
  private final StringBuilder rows = new StringBuilder();

  public CsvLogger(File file) {
    if (file == null) {
      throw new IllegalArgumentException("CsvLogger: expected a file, found null");
    }
    this.file = file;
  }

  @Override
  public void onTrainBegin(Training training) {
    rows.setLength(0);
    rows.append("epoch");
    for (String k : Logs.KEYS) {
      rows.append(',').append(k); // not String.join: Android 24 lacks it
    }
    rows.append('\n');
  }

  @Override
  public void onEpochEnd(int epoch, Logs logs) {
    rows.append(epoch);
    for (String k : Logs.KEYS) {
      double v = logs.get(k);
      rows.append(',').append(Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.8g", v));
    }
    rows.append('\n');
    try {
      AtomicFiles.write(file, rows.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("CsvLogger: cannot write " + file, e);
    }
  }
}
