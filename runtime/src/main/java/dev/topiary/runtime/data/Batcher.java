package dev.topiary.runtime.data;

import java.util.SplittableRandom;

/**
 * Walks a {@link Dataset} in shuffled mini-batches, one epoch at a time, for training.
 *
 * <p>Each epoch visits every example exactly once, in an order that depends only on the seed and
 * the epoch number (a Fisher–Yates shuffle of the identity), so a run can be repeated or resumed
 * at any epoch. The permutation array is allocated once; {@link #next} allocates nothing.
 *
 * <pre>{@code
 * Batcher batches = new Batcher(train, 128, seed);
 * float[] x = new float[128 * train.exampleSize()];
 * int[] y = new int[128];
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *   batches.startEpoch(epoch);
 *   for (int n; (n = batches.next(x, y)) > 0; ) {
 *     // train on the first n examples of x and y
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class Batcher {
  private final Dataset data;
  private final int batchSize;
  private final long seed;
  private final int[] order;
  private int position;
  private boolean started;

  /**
   * Creates a batcher over {@code data}; call {@link #startEpoch} before the first {@link #next}.
   *
   * @param batchSize the number of examples per batch (the last batch of an epoch may be smaller)
   * @param seed the seed of every epoch's shuffle
   * @throws IllegalArgumentException if {@code batchSize} is not positive
   */
  public Batcher(Dataset data, int batchSize, long seed) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, found " + batchSize);
    }
    this.data = data;
    this.batchSize = batchSize;
    this.seed = seed;
    this.order = new int[data.size()];
  }

  /** The number of examples per full batch. */
  public int batchSize() {
    return batchSize;
  }

  /** The number of batches in an epoch: {@code ceil(size / batchSize)}, counting a partial last one. */
  public int batchesPerEpoch() {
    return (int) (((long) order.length + batchSize - 1) / batchSize);
  }

  /**
   * Shuffles the examples for epoch {@code epoch} and rewinds to its first batch. The order
   * depends only on the seed and {@code epoch}, not on earlier epochs.
   */
  public void startEpoch(int epoch) {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed ^ mix(epoch));
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    position = 0;
    started = true;
  }

  /**
   * Copies the next batch: example {@code k}'s features to {@code x[k * exampleSize ...]} and its
   * label to {@code y[k]}.
   *
   * @param x room for {@code batchSize() * exampleSize} features
   * @param y room for {@code batchSize()} labels
   * @return the number of examples copied: {@link #batchSize()}, fewer for the last batch of an
   *     epoch, 0 once the epoch is done
   * @throws IllegalStateException if no epoch was started
   * @throws IllegalArgumentException if {@code x} or {@code y} is shorter than a full batch
   */
  public int next(float[] x, int[] y) {
    if (!started) {
      throw new IllegalStateException("call startEpoch(epoch) before next");
    }
    int exampleSize = data.exampleSize();
    if (x.length < (long) batchSize * exampleSize || y.length < batchSize) {
      throw new IllegalArgumentException("expected x of at least " + batchSize + " * "
          + exampleSize + " = " + (long) batchSize * exampleSize + " floats and y of at least "
          + batchSize + " labels, found " + x.length + " and " + y.length);
    }
    int n = Math.min(batchSize, order.length - position);
    for (int k = 0; k < n; k++) {
      int i = order[position + k];
      data.copyExample(i, x, k * exampleSize);
      y[k] = data.label(i);
    }
    position += n;
    return n;
  }

  /**
   * {@link #next(float[], int[])} for a data set of {@link Dataset#ofTargets float targets}:
   * example {@code k}'s targets go to {@code t[k * targetSize ...]}.
   *
   * @param t room for {@code batchSize() * targetSize} targets
   * @throws IllegalStateException if no epoch was started or the data set holds class labels
   */
  public int next(float[] x, float[] t) {
    if (!started) {
      throw new IllegalStateException("call startEpoch(epoch) before next");
    }
    int exampleSize = data.exampleSize();
    int targetSize = data.targetSize();
    if (x.length < (long) batchSize * exampleSize || t.length < (long) batchSize * targetSize) {
      throw new IllegalArgumentException("expected x of at least " + batchSize + " * "
          + exampleSize + " floats and t of at least " + batchSize + " * " + targetSize
          + " targets, found " + x.length + " and " + t.length);
    }
    int n = Math.min(batchSize, order.length - position);
    for (int k = 0; k < n; k++) {
      int i = order[position + k];
      data.copyExample(i, x, k * exampleSize);
      data.copyTargets(i, t, k * targetSize);
    }
    position += n;
    return n;
  }

  /** SplitMix64's step and finalizer, so that nearby epochs give unrelated seeds (Steele et al. 2014). */
  private static long mix(int epoch) {
    long z = (epoch + 1L) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
