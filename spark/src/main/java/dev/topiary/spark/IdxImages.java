package dev.topiary.spark;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * An IDX image file (MNIST's format, plain or {@code .gz}) that every executor can read, split
 * into ranges of images: each task reads its own range (index, pixels in [0, 1]) straight from
 * the file, so no image passes through the driver.
 */
final class IdxImages implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAGIC = 0x00000803;
  private static final int HEADER = 16;

  final String path;
  final int count;
  final int pixels;
  private final HadoopFiles files;

  private IdxImages(String path, int count, int pixels, HadoopFiles files) {
    this.path = path;
    this.count = count;
    this.pixels = pixels;
    this.files = files;
  }

  /** Reads the header of {@code path}. */
  static IdxImages open(String path, HadoopFiles files) throws IOException {
    try (DataInputStream in = new DataInputStream(files.open(path))) {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new IOException(String.format("expected an IDX image file (magic 0x%08x) at %s, "
            + "found magic 0x%08x", MAGIC, path, magic));
      }
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (count < 0 || rows <= 0 || cols <= 0) {
        throw new IOException("expected positive sizes in the IDX header of " + path + ", found "
            + count + " images of " + rows + "x" + cols);
      }
      return new IdxImages(path, count, rows * cols, files);
    }
  }

  /** The start of each of {@code parts} ranges, and {@code count} at the end. */
  List<Integer> ranges(int parts) {
    List<Integer> starts = new ArrayList<>();
    for (int p = 0; p <= parts; p++) {
      starts.add((int) ((long) count * p / parts));
    }
    return starts;
  }

  /** Reads the images from {@code from} (inclusive) to {@code to} (exclusive) as rows. */
  FlatMapFunction<int[], Row> reader() {
    return range -> read(range[0], range[1]);
  }

  /** The images of the range, read one by one as the task consumes them; closed at the end. */
  private Iterator<Row> read(int from, int to) throws IOException {
    DataInputStream in = new DataInputStream(files.open(path));
    long skip = HEADER + (long) from * pixels;
    try {
      while (skip > 0) {
        long n = in.skip(skip);
        if (n <= 0) {
          throw new IOException("expected " + count + " images in " + path + ", found it "
              + "shorter");
        }
        skip -= n;
      }
    } catch (IOException e) {
      in.close();
      throw e;
    }
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) t -> close(in)); // also when the task fails midway
    }
    byte[] image = new byte[pixels];
    return new Iterator<Row>() {
      private int next = from;

      @Override
      public boolean hasNext() {
        if (next < to) {
          return true;
        }
        close(in);
        return false;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        try {
          in.readFully(image);
        } catch (IOException e) {
          throw new UncheckedIOException("reading image " + next + " of " + path, e);
        }
        float[] x = new float[pixels];
        for (int p = 0; p < pixels; p++) {
          x[p] = (image[p] & 0xff) / 255f;
        }
        return RowFactory.create((long) next++, x);
      }
    };
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // Read to the end already, or the task failed: nothing left to lose.
    }
  }
}
