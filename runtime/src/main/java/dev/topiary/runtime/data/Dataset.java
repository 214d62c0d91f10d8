package dev.topiary.runtime.data;

/**
 * A labelled data set held in memory: {@code size()} examples of {@code exampleSize()} floats each,
 * stored one after the other (NHWC per example), and one class label per example.
 */
public final class Dataset {
  private final float[] features;
  private final int[] labels;
  private final int exampleSize;
  private final int offset;
  private final int size;

  private Dataset(float[] features, int[] labels, int exampleSize, int offset, int size) {
    this.features = features;
    this.labels = labels;
    this.exampleSize = exampleSize;
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
    return new Dataset(features, labels, exampleSize, offset + from, to - from);
  }

  /** The backing feature array; examples of this set start at {@link #featureOffset()}. */
  public float[] features() {
    return features;
  }

  /** The index in {@link #features()} of this set's first value. */
  public int featureOffset() {
    return offset * exampleSize;
  }

  /** The backing label array; this set's labels start at {@link #labelOffset()}. */
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
