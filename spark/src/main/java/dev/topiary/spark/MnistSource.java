package dev.topiary.spark;

import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.data.Idx;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * MNIST as the sweep's tasks read it: the four IDX files (plain or {@code .gz}) in a directory
 * every executor can see, read once per executor JVM and shared by its tasks (a
 * {@link Dataset} is never written to: training shuffles indices, not examples).
 */
final class MnistSource implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, Dataset[]> CACHE = new HashMap<>();

  private final String dir;
  private final int trainImages;
  private final int testImages;
  private final HadoopFiles files;

  MnistSource(String dir, int trainImages, int testImages, HadoopFiles files) {
    this.dir = dir;
    this.trainImages = trainImages;
    this.testImages = testImages;
    this.files = files;
  }

  /** The training set, its first {@code trainImages} examples. */
  Dataset train() throws IOException {
    Dataset d = load()[0];
    return d.slice(0, Math.min(trainImages, d.size()));
  }

  /** The test set, its first {@code testImages} examples. */
  Dataset test() throws IOException {
    Dataset d = load()[1];
    return d.slice(0, Math.min(testImages, d.size()));
  }

  /**
   * Checks on the driver, before any task starts, that the four files are there; returns the
   * numbers of training and test images the tasks will use (the first N of each file).
   */
  int[] check() throws IOException {
    files.find(dir, "train-labels-idx1-ubyte");
    files.find(dir, "t10k-labels-idx1-ubyte");
    int train = IdxImages.open(files.find(dir, "train-images-idx3-ubyte"), files).count;
    int test = IdxImages.open(files.find(dir, "t10k-images-idx3-ubyte"), files).count;
    return new int[] {Math.min(trainImages, train), Math.min(testImages, test)};
  }

  private Dataset[] load() throws IOException {
    synchronized (CACHE) {
      Dataset[] sets = CACHE.get(dir);
      if (sets == null) {
        sets = new Dataset[] {read("train"), read("t10k")};
        if (sets[0].exampleSize() != 784 || sets[1].exampleSize() != 784) {
          throw new IOException("expected MNIST images of 28x28 = 784 pixels in " + dir
              + ", found " + sets[0].exampleSize() + " and " + sets[1].exampleSize());
        }
        CACHE.put(dir, sets);
      }
      return sets;
    }
  }

  private Dataset read(String prefix) throws IOException {
    try (InputStream images = files.open(files.find(dir, prefix + "-images-idx3-ubyte"));
        InputStream labels = files.open(files.find(dir, prefix + "-labels-idx1-ubyte"))) {
      return Idx.read(images, labels);
    }
  }
}
