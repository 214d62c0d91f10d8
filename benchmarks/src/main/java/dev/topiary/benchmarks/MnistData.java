package dev.topiary.benchmarks;

import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.data.Idx;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The MNIST training set for benchmarks, read once per JVM from {@code $TOPIARY_DATA/mnist} or
 * the first {@code data/mnist} found walking up from the working directory. Real images matter:
 * about 80% of MNIST's pixels are 0, and the kernels skip zero inputs.
 */
public final class MnistData {
  private static Dataset train;

  private MnistData() {}

  /** The 60,000 training images and labels. */
  static synchronized Dataset train() {
    if (train == null) {
      File dir = directory();
      try {
        train = Idx.read(new File(dir, "train-images-idx3-ubyte"),
            new File(dir, "train-labels-idx1-ubyte"));
      } catch (IOException e) {
        throw new UncheckedIOException("reading MNIST from " + dir, e);
      }
    }
    return train;
  }

  /** {@code count} consecutive training images from {@code first} on, one after the other. */
  public static float[] images(int first, int count) {
    Dataset data = train();
    float[] x = new float[count * data.exampleSize()];
    for (int i = 0; i < count; i++) {
      data.copyExample((first + i) % data.size(), x, i * data.exampleSize());
    }
    return x;
  }

  /** The labels of {@link #images}. */
  static int[] labels(int first, int count) {
    Dataset data = train();
    int[] y = new int[count];
    for (int i = 0; i < count; i++) {
      y[i] = data.label((first + i) % data.size());
    }
    return y;
  }

  private static File directory() {
    String env = System.getenv("TOPIARY_DATA");
    if (env != null && !env.isEmpty()) {
      return new File(env, "mnist");
    }
    for (File d = new File("").getAbsoluteFile(); d != null; d = d.getParentFile()) {
      File candidate = new File(new File(d, "data"), "mnist");
      if (new File(candidate, "train-images-idx3-ubyte").isFile()) {
        return candidate;
      }
    }
    throw new IllegalStateException("expected the MNIST IDX files (train-images-idx3-ubyte, "
        + "train-labels-idx1-ubyte) in $TOPIARY_DATA/mnist or a data/mnist above the working "
        + "directory, found neither; run the samples' train command once or set TOPIARY_DATA");
  }
}
