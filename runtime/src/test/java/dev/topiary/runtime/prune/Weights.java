package dev.topiary.runtime.prune;

import java.util.Random;

/** Seeded test kernels, and the brute-force order of magnitude that the references use. */
final class Weights {
  private Weights() {}

  /** Gaussian weights: all magnitudes distinct in practice. */
  static float[] gaussian(long seed, int n) {
    Random random = new Random(seed);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) random.nextGaussian();
    }
    return w;
  }

  /** Weights from a few values, both signs and both zeros: many ties of magnitude. */
  static float[] tied(long seed, int n) {
    float[] values = {0f, -0f, 0.5f, -0.5f, 1f, -1f, 2f, -2f};
    Random random = new Random(seed);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = values[random.nextInt(values.length)];
    }
    return w;
  }

  /**
   * Shuffled signed weights that are neighbouring floats, subnormals, zeros, infinities and
   * repeats: magnitudes equal in their high bits and different in the low ones, and the reverse.
   */
  static float[] neighbours(long seed, int n) {
    Random random = new Random(seed);
    float[] w = new float[n];
    float near = 1.5f;
    for (int i = 0; i < n; i++) {
      switch (i % 6) {
        case 0: w[i] = near = Math.nextUp(near); break;
        case 1: w[i] = Float.MIN_VALUE * (1 + random.nextInt(4)); break;
        case 2: w[i] = (float) Math.scalb(1.0, random.nextInt(60) - 30); break;
        case 3: w[i] = i % 12 == 3 ? 0f : Float.POSITIVE_INFINITY; break;
        case 4: w[i] = w[i - 4]; break;
        default: w[i] = Math.nextDown(1.5f) - random.nextInt(3) * Math.ulp(1f); break;
      }
      if (random.nextBoolean()) {
        w[i] = -w[i];
      }
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      float t = w[i];
      w[i] = w[j];
      w[j] = t;
    }
    return w;
  }

  /** Whether weight a is pruned before weight b: smaller |w|, then lower position. */
  static boolean before(float a, int positionA, float b, int positionB) {
    float magnitudeA = Math.abs(a);
    float magnitudeB = Math.abs(b);
    return magnitudeA < magnitudeB || (magnitudeA == magnitudeB && positionA < positionB);
  }

  /** Brute force: index i is among the k pruned iff fewer than k weights come before it. */
  static boolean[] smallest(float[] w, int k) {
    boolean[] pruned = new boolean[w.length];
    for (int i = 0; i < w.length; i++) {
      int rank = 0;
      for (int j = 0; j < w.length; j++) {
        if (before(w[j], j, w[i], i)) {
          rank++;
        }
      }
      pruned[i] = rank < k;
    }
    return pruned;
  }

  /** Brute force: index i is kept iff fewer than n others are larger, or equal and lower. */
  static boolean[] largest(float[] w, int n) {
    boolean[] kept = new boolean[w.length];
    for (int i = 0; i < w.length; i++) {
      int rank = 0;
      for (int j = 0; j < w.length; j++) {
        float a = Math.abs(w[j]);
        float b = Math.abs(w[i]);
        if (a > b || (a == b && j < i)) {
          rank++;
        }
      }
      kept[i] = rank < n;
    }
    return kept;
  }
}
