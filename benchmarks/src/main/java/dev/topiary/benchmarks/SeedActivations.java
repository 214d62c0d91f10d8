package dev.topiary.benchmarks;

import java.util.SplittableRandom;

/**
 * Kernel inputs at the seed CNN's shapes: either what the network really computes on an MNIST
 * batch (with its exact zeros, which the kernels skip) or dense random values (no zeros, the
 * figure to compare with a BLAS).
 */
final class SeedActivations {
  static final int BATCH = 32;
  static final int IMAGE = 28 * 28;
  static final int CONV_POSITIONS = 26 * 26;
  static final int CONV_PATCH = 9;
  static final int CONV_FILTERS = 32;
  static final int CONV_OUT = CONV_POSITIONS * CONV_FILTERS;
  static final int POOL_OUT = 13 * 13 * 32;
  static final int HIDDEN = 64;
  static final int CLASSES = 10;

  private SeedActivations() {}

  /** Layer {@code layer}'s activations for {@code batch} MNIST images, or random values. */
  static float[] of(String input, int layer, int batch, int size) {
    if (input.equals("random")) {
      return random(batch * size, 1f, 11 + layer);
    }
    TopiarySeedCnn net = new TopiarySeedCnn(42);
    net.forward(MnistData.images(0, batch), 0, batch);
    float[] a = new float[batch * size];
    System.arraycopy(net.activations(layer), 0, a, 0, a.length);
    return a;
  }

  /** {@code n} values uniform in {@code [-scale, scale)}, none of them 0. */
  static float[] random(int n, float scale, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      float v;
      do {
        v = (float) rng.nextDouble(-scale, scale);
      } while (v == 0f);
      x[i] = v;
    }
    return x;
  }
}
