package dev.topiary.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TargetLosses} and the sigmoid and tanh of {@link Activations}: values against the
 * formulas in double (binary cross-entropy from probabilities, not from the logits' stable form),
 * gradients against finite differences of those formulas, hand-worked extreme logits, and
 * Keras's binary accuracy.
 */
class TargetLossesTest {
  private static final int ROWS = 3;
  private static final int K = 4;
  private static final double H = 1e-4;

  private static float[] random(SplittableRandom r, int n, double scale, double shift) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() * scale + shift);
    }
    return v;
  }

  /** The mean over rows and outputs of (a - t)^2, in double. */
  private static double mse(double[] a, float[] t, int tOff) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - t[tOff + i]) * (a[i] - t[tOff + i]);
    }
    return s / a.length;
  }

  /** The mean over rows and outputs of -t log p - (1 - t) log(1 - p), p = 1 / (1 + e^-z). */
  private static double bce(double[] z, float[] t, int tOff) {
    double s = 0;
    for (int i = 0; i < z.length; i++) {
      double p = 1 / (1 + Math.exp(-z[i]));
      s += -t[tOff + i] * Math.log(p) - (1 - t[tOff + i]) * Math.log(1 - p);
    }
    return s / z.length;
  }

  private static double[] widen(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  @Test
  void meanSquaredErrorAndItsGradient() {
    SplittableRandom r = new SplittableRandom(1);
    float[] a = random(r, ROWS * K, 4, -2);
    int tOff = 3;
    float[] t = random(r, tOff + ROWS * K, 4, -2);
    float[] d = new float[ROWS * K];
    float loss = TargetLosses.meanSquaredError(a, t, tOff, d, ROWS, K);
    assertEquals(mse(widen(a), t, tOff), loss, 1e-6);
    assertEquals(mse(widen(a), t, tOff) * ROWS, TargetLosses.meanSquaredErrorSum(a, t, tOff, ROWS,
        K), 1e-9);
    for (int i = 0; i < a.length; i++) {
      double[] plus = widen(a);
      double[] minus = widen(a);
      plus[i] += H;
      minus[i] -= H;
      assertEquals((mse(plus, t, tOff) - mse(minus, t, tOff)) / (2 * H), d[i], 1e-6, "d" + i);
    }
  }

  @Test
  void binaryCrossEntropyFromTheLogitsAndItsGradientThroughTheSigmoid() {
    SplittableRandom r = new SplittableRandom(2);
    float[] z = random(r, ROWS * K, 8, -4);
    int tOff = 2;
    float[] t = new float[tOff + ROWS * K];
    for (int i = 0; i < ROWS * K; i++) {
      t[tOff + i] = i % 3 == 0 ? 0.3f : i % 2; // hard and soft targets
    }
    float[] a = z.clone();
    Activations.sigmoid(a, a.length);
    float[] dz = new float[ROWS * K];
    float loss = TargetLosses.binaryCrossEntropy(z, a, t, tOff, dz, ROWS, K);
    assertEquals(bce(widen(z), t, tOff), loss, 1e-6);
    for (int i = 0; i < z.length; i++) {
      double[] plus = widen(z);
      double[] minus = widen(z);
      plus[i] += H;
      minus[i] -= H;
      assertEquals((bce(plus, t, tOff) - bce(minus, t, tOff)) / (2 * H), dz[i], 1e-6, "dz" + i);
    }
  }

  @Test
  void confidentlyWrongLogitsCostTheirTrueLoss() {
    // sigmoid(100) is 1 in float, so the probability form would give log(0); the logit form
    // gives max(z, 0) - z t + log(1 + e^-|z|) = 100 for z = 100, t = 0 (and z = -100, t = 1)
    float[] z = {100f, -100f, 100f, 0f};
    float[] t = {0f, 1f, 1f, 1f};
    double sum = TargetLosses.binaryCrossEntropySum(z, t, 0, 4, 1);
    assertEquals(100 + 100 + 0 + Math.log(2), sum, 1e-9);
  }

  @Test
  void binaryAccuracyThresholdsAtOneHalfAsKerasDoes() {
    float[] a = {0.9f, 0.2f, 0.5f, 0.51f, 0.7f};
    float[] t = {1f, 0f, 1f, 1f, 0.7f}; // 0.5 is not above the threshold; a soft target never equals
    assertEquals(3, TargetLosses.binaryCorrect(a, t, 0, 5, 1));
  }

  @Test
  void meanAbsoluteErrorIsMeanOverOutputsThenSummedOverRows() {
    float[] a = {1, 2, 3, 4};
    float[] t = {0, 0, 3, 6};
    assertEquals((1 + 2) / 2.0 + (0 + 2) / 2.0, TargetLosses.absoluteErrorSum(a, t, 0, 2, 2),
        1e-12);
  }

  @Test
  void sigmoidAndTanhWithTheirBackwardRules() {
    SplittableRandom r = new SplittableRandom(3);
    float[] z = random(r, 50, 30, -15);
    z[0] = -100f; // exp(100) overflows a float; the stable form does not
    z[1] = 100f;
    float[] s = z.clone();
    Activations.sigmoid(s, s.length);
    float[] th = z.clone();
    Activations.tanh(th, th.length);
    for (int i = 0; i < z.length; i++) {
      assertEquals(1 / (1 + Math.exp(-(double) z[i])), s[i], 1e-7, "sigmoid " + z[i]);
      assertEquals(Math.tanh(z[i]), th[i], 1e-7, "tanh " + z[i]);
    }
    float[] ds = new float[z.length];
    float[] dt = new float[z.length];
    java.util.Arrays.fill(ds, 1f);
    java.util.Arrays.fill(dt, 1f);
    Activations.sigmoidBackward(s, ds, z.length);
    Activations.tanhBackward(th, dt, z.length);
    for (int i = 0; i < z.length; i++) {
      double x = z[i];
      double fdS = (1 / (1 + Math.exp(-(x + H))) - 1 / (1 + Math.exp(-(x - H)))) / (2 * H);
      double fdT = (Math.tanh(x + H) - Math.tanh(x - H)) / (2 * H);
      assertEquals(fdS, ds[i], 1e-6, "sigmoid' " + x);
      assertEquals(fdT, dt[i], 1e-6, "tanh' " + x);
    }
  }
}
