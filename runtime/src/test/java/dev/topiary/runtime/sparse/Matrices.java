package dev.topiary.runtime.sparse;

import java.util.Random;

/** Seeded test matrices and inputs, and the plain-loop reference product. */
final class Matrices {
  private Matrices() {}

  /** A {@code rows x cols} matrix with each entry non-zero with probability {@code density}. */
  static float[] random(long seed, int rows, int cols, double density) {
    Random random = new Random(seed);
    float[] w = new float[rows * cols];
    for (int i = 0; i < w.length; i++) {
      if (random.nextDouble() < density) {
        float v = (float) random.nextGaussian();
        w[i] = v == 0f ? 1f : v;
      }
    }
    return w;
  }

  /**
   * Like {@link #random} with small multiples of 1/4 (non-zero where kept): every product and sum
   * of a test is exact in float, so kernels must agree with the reference bit for bit.
   */
  static float[] exact(long seed, int rows, int cols, double density) {
    Random random = new Random(seed);
    float[] w = new float[rows * cols];
    for (int i = 0; i < w.length; i++) {
      if (random.nextDouble() < density) {
        int v = random.nextInt(16) - 8;
        w[i] = (v == 0 ? 8 : v) / 4f;
      }
    }
    return w;
  }

  /** Post-ReLU-like inputs: zero with probability {@code zeros}, else uniform in (0, 1]. */
  static float[] relu(long seed, int n, double zeros) {
    Random random = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble() < zeros ? 0f : 1f - random.nextFloat();
    }
    return x;
  }

  /**
   * The plain triple loop in double: {@code y[i][j] = bias[j] + sum_p x[xOff + i*k + p] w[p][j]},
   * skipping the terms where {@code w} is zero (as sparse kernels do).
   */
  static double[] reference(float[] x, int xOff, float[] w, float[] bias, int m, int k, int n) {
    double[] y = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = bias == null ? 0 : bias[j];
        for (int p = 0; p < k; p++) {
          if (w[p * n + j] != 0f) {
            s += (double) x[xOff + i * k + p] * w[p * n + j];
          }
        }
        y[i * n + j] = s;
      }
    }
    return y;
  }

  /** {@code sum_p |x w| + |bias|} per output: the scale of each output's rounding error. */
  static double[] magnitudes(float[] x, int xOff, float[] w, float[] bias, int m, int k, int n) {
    float[] ax = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      ax[i] = Math.abs(x[i]);
    }
    float[] aw = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      aw[i] = Math.abs(w[i]);
    }
    float[] ab = null;
    if (bias != null) {
      ab = new float[bias.length];
      for (int i = 0; i < bias.length; i++) {
        ab[i] = Math.abs(bias[i]);
      }
    }
    return reference(ax, xOff, aw, ab, m, k, n);
  }
}
