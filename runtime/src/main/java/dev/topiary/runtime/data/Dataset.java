package dev.topiary.runtime.data;

/**
 * A data set held in memory: {@code size()} examples of {@code exampleSize()} floats each, stored
 * one after the other (NHWC per example), and per example either one class label
 * ({@link #of}, for the class-label losses) or {@code targetSize()} float targets
 * ({@link #ofTargets}, for regression and binary tasks: Keras's {@code y} as floats).
 */
public final class Dataset {
  private final float[] features;
  private final int[] labels;
  private final float[] targets;
  private final int exampleSize;
  private final int targetSize;
  private final int offset;
  private final int size;

  private Dataset(float[] features, int[] labels, int exampleSize, int offset, int size) {
    this(features, labels, null, exampleSize, 0, offset, size);
  }

  private Dataset(float[] features, int[] labels, float[] targets, int exampleSize,
      int targetSize, int offset, int size) {
    this.features = features;
    this.labels = labels;
    this.targets = targets;
    this.exampleSize = exampleSize;
    this.targetSize = targetSize;
    this.offset = offset;
    this.size = size;
  }

  /**
   * Wraps (does not copy) features and labels.
   *
   * @throws IllegalArgumentException if an array is null or
   *     {@code features.length != labels.length * exampleSize}
   */
  public static Dataset of(float[] features, int[] labels, int exampleSize) {
    if (features == null || labels == null) {
      throw new IllegalArgumentException("expected features and labels, found "
          + (features == null ? "no features (null)" : "no labels (null)"));
    }
    if (exampleSize <= 0) {
      throw new IllegalArgumentException("exampleSize must be positive, found " + exampleSize);
    }
    if ((long) labels.length * exampleSize != features.length) {
      throw new IllegalArgumentException("expected " + labels.length + " examples of " + exampleSize
          + " values = " + (long) labels.length * exampleSize + " features, found " + features.length);
    }
    return new Dataset(features, labels, exampleSize, 0, labels.length);
  }

  /**
   * Wraps (does not copy) features and float targets: example {@code i}'s targets are
   * {@code targets[i * targetSize ... (i + 1) * targetSize)}, one per output of the model (for
   * {@code Loss.MEAN_SQUARED_ERROR} any finite value, for {@code Loss.BINARY_CROSSENTROPY} a
   * value in [0, 1]; the trainer checks them against the model).
   *
   * @throws IllegalArgumentException if an array is null, a size is not positive, or the arrays
   *     do not hold the same number of examples
   */
  public static Dataset ofTargets(float[] features, float[] targets, int exampleSize,
      int targetSize) {
    if (features == null || targets == null) {
      throw new IllegalArgumentException("expected features and targets, found "
          + (features == null ? "no features (null)" : "no targets (null)"));
    }
    if (exampleSize <= 0 || targetSize <= 0) {
      throw new IllegalArgumentException("exampleSize and targetSize must be positive, found "
          + exampleSize + " and " + targetSize);
    }
    if (targets.length % targetSize != 0) {
      throw new IllegalArgumentException("expected whole examples of " + targetSize
          + " targets, found " + targets.length + " targets");
    }
    int n = targets.length / targetSize;
    if ((long) n * exampleSize != features.length) {
      throw new IllegalArgumentException("expected " + n + " examples of " + exampleSize
          + " values = " + (long) n * exampleSize + " features (as many examples as the "
          + targets.length + " targets of " + targetSize + " hold), found " + features.length);
    }
    return new Dataset(features, null, targets, exampleSize, targetSize, 0, n);
  }

  /**
   * {@link #ofTargets(float[], float[], int, int)} from one row per example, copied: e.g.
   * {@code Dataset.ofTargets(new float[][] {{0.5f}, {1f}}, new float[][] {{0.48f}, {0.84f}})}.
   *
   * @throws IllegalArgumentException if the arrays are null or empty, hold different numbers of
   *     examples, or rows of different lengths
   */
  public static Dataset ofTargets(float[][] inputs, float[][] targets) {
    if (inputs == null || targets == null) {
      throw new IllegalArgumentException("expected inputs and targets, found "
          + (inputs == null ? "no inputs (null)" : "no targets (null)"));
    }
    if (inputs.length != targets.length || inputs.length == 0) {
      throw new IllegalArgumentException("expected as many target rows as input rows, at least "
          + "one, found " + inputs.length + " inputs and " + targets.length + " targets");
    }
    return ofTargets(flat(inputs, "input"), flat(targets, "target"), inputs[0].length,
        targets[0].length);
  }

  private static float[] flat(float[][] rows, String what) {
    int width = rows[0] == null ? 0 : rows[0].length;
    float[] out = new float[Math.multiplyExact(rows.length, width)];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != width) {
        throw new IllegalArgumentException("expected " + what + " rows of " + width
            + " values, found " + (rows[i] == null ? "null" : rows[i].length + " values")
            + " at row " + i);
      }
      System.arraycopy(rows[i], 0, out, i * width, width);
    }
    return out;
  }

  /** Whether the examples carry float targets ({@link #ofTargets}) rather than class labels. */
  public boolean hasTargets() {
    return targets != null;
  }

  /** Float targets per example; 0 for a data set of class labels. */
  public int targetSize() {
    return targetSize;
  }

  /** Copies example {@code i}'s targets into {@code dst} at {@code dstOffset}. */
  public void copyTargets(int i, float[] dst, int dstOffset) {
    requireTargets();
    System.arraycopy(targets, (offset + checkIndex(i)) * targetSize, dst, dstOffset, targetSize);
  }

  /** The backing target array (null for class labels); this set's start at {@link #targetOffset()}. */
  public float[] targets() {
    return targets;
  }

  /** The index in {@link #targets()} of this set's first target. */
  public int targetOffset() {
    return offset * targetSize;
  }

  private void requireTargets() {
    if (targets == null) {
      throw new IllegalStateException("this data set holds class labels, not float targets");
    }
  }

  private void requireLabels() {
    if (labels == null) {
      throw new IllegalStateException("this data set holds float targets (" + targetSize
          + " per example), not class labels");
    }
  }

  /** The number of examples. */
  public int size() {
    return size;
  }

  /** The number of floats per example. */
  public int exampleSize() {
    return exampleSize;
  }

  /** The label of example {@code i}. */
  public int label(int i) {
    requireLabels();
    return labels[offset + checkIndex(i)];
  }

  /** Copies example {@code i}'s features into {@code dst} at {@code dstOffset}. */
  public void copyExample(int i, float[] dst, int dstOffset) {
    System.arraycopy(features, (offset + checkIndex(i)) * exampleSize, dst, dstOffset, exampleSize);
  }

  /** A new array with example {@code i}'s features. */
  public float[] example(int i) {
    float[] x = new float[exampleSize];
    copyExample(i, x, 0);
    return x;
  }

  /** The examples {@code from} (inclusive) to {@code to} (exclusive), sharing this set's arrays. */
  public Dataset slice(int from, int to) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of a data set of " + size);
    }
    return new Dataset(features, labels, targets, exampleSize, targetSize, offset + from,
        to - from);
  }

  /** The backing feature array; examples of this set start at {@link #featureOffset()}. */
  public float[] features() {
    return features;
  }

  /** The index in {@link #features()} of this set's first value. */
  public int featureOffset() {
    return offset * exampleSize;
  }

  /**
   * The backing label array (null for a data set of {@link #ofTargets targets}); this set's
   * labels start at {@link #labelOffset()}.
   */
  public int[] labels() {
    return labels;
  }

  /** The index in {@link #labels()} of this set's first label. */
  public int labelOffset() {
    return offset;
  }

  private int checkIndex(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("example " + i + " of a data set of " + size);
    }
    return i;
  }
}
