package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.MatMulTest.random;
import static dev.topiary.runtime.kernels.Tolerances.ELEMENT;
import static dev.topiary.runtime.kernels.Tolerances.FINITE_DIFFERENCE;
import static dev.topiary.runtime.kernels.Tolerances.PIECEWISE_FD_STEP;
import static dev.topiary.runtime.kernels.Tolerances.SUM;
import static dev.topiary.runtime.kernels.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Regularizers}: {@code l1}'s penalty {@code lambda * sum|w|} and its gradient
 * {@code lambda * sign(w)} added; {@code l1Penalty}; and {@code activityL1}, Keras's activity
 * regularizer, whose penalty and gradient are divided by the batch size, against the formula and
 * against finite differences of its own penalty.
 */
class RegularizersTest {
  @Test
  void l1ReturnsTheScaledAbsoluteSumAndAddsTheScaledSign() {
    SplittableRandom rng = new SplittableRandom(51);
    for (float lambda : new float[] {0.01f, 0.3f}) {
      float[] w = random(rng, 37, 0.2);
      float[] before = random(rng, 37, 0);
      float[] grad = before.clone();

      float penalty = Regularizers.l1(w, grad, lambda);

      double sum = 0;
      for (int i = 0; i < w.length; i++) {
        sum += Math.abs(w[i]);
        double sign = w[i] > 0 ? 1 : w[i] < 0 ? -1 : 0;
        double expected = before[i] + lambda * sign;
        assertClose(expected, grad[i], ELEMENT, Math.abs(before[i]) + lambda,
            "grad[" + i + "] at w = " + w[i] + ", lambda " + lambda);
      }
      assertClose(lambda * sum, penalty, SUM, lambda * sum, "penalty, lambda " + lambda);
    }
  }

  @Test
  void zeroWeightsAddNothing() {
    float[] w = {0f, -0f, 0f};
    float[] grad = {0.5f, -0.25f, 0f};
    assertEquals(0f, Regularizers.l1(w, grad, 0.1f));
    assertEquals(0.5f, grad[0]);
    assertEquals(-0.25f, grad[1]);
    assertEquals(0f, grad[2]);
  }

  @Test
  void l1PenaltyIsTheScaledAbsoluteSum() {
    SplittableRandom rng = new SplittableRandom(52);
    float[] w = random(rng, 37, 0.2);
    double sum = 0;
    for (float v : w) {
      sum += Math.abs(v);
    }
    assertClose(0.3 * sum, Regularizers.l1Penalty(w, 0.3f), SUM, 0.3 * sum, "l1Penalty");
    assertEquals(0f, Regularizers.l1Penalty(new float[] {0f, -0f}, 0.3f));
  }

  @Test
  void activityL1IsTheScaledAbsoluteSumOverTheBatchAndAddsItsGradient() {
    SplittableRandom rng = new SplittableRandom(53);
    for (int rows : new int[] {1, 3, 8}) {
      float lambda = 0.1f;
      int n = rows * 5;
      float[] a = random(rng, n + 4, 0.2); // n values, then entries the kernel must not read
      float[] before = random(rng, n + 4, 0);
      float[] d = before.clone();

      float penalty = Regularizers.activityL1(a, d, n, rows, lambda);

      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += Math.abs(a[i]);
        double sign = a[i] > 0 ? 1 : a[i] < 0 ? -1 : 0;
        assertClose(before[i] + lambda * sign / rows, d[i], ELEMENT,
            Math.abs(before[i]) + lambda, rows + " rows: d[" + i + "] at a = " + a[i]);
      }
      for (int i = n; i < a.length; i++) {
        assertEquals(before[i], d[i], rows + " rows: d[" + i + "] is past n");
      }
      double expected = lambda * sum / rows;
      assertClose(expected, penalty, SUM, expected, rows + " rows: penalty");
    }
  }

  @Test
  void activityL1IsDividedByTheBatchSize() {
    // The same activations counted as one example or as a batch of four: a quarter the penalty
    // and a quarter the gradient (Keras divides activity penalties by the batch size).
    float[] a = {0.5f, -1f, 0f, 2f, -0.25f, 1f, 0f, -3f};
    float[] dOne = new float[8];
    float[] dFour = new float[8];
    float one = Regularizers.activityL1(a, dOne, 8, 1, 0.5f);
    float four = Regularizers.activityL1(a, dFour, 8, 4, 0.5f);
    assertEquals(0.5f * 7.75f, one); // |a| sums to 7.75; every value here is exact in float
    assertEquals(one / 4, four);
    for (int i = 0; i < 8; i++) {
      assertEquals(dOne[i] / 4, dFour[i], "d[" + i + "]");
    }
  }

  @Test
  void activityL1GradientMatchesFiniteDifferencesOfItsPenalty() {
    // The penalty is linear in each a_i away from a_i = 0; central differences of the kernel's
    // own float penalty are exact there up to its rounding.
    SplittableRandom rng = new SplittableRandom(54);
    float h = PIECEWISE_FD_STEP;
    int rows = 3;
    int n = rows * 6;
    float lambda = 0.2f;
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      float v = rng.nextInt(-1024, 1025) / 1024f;
      a[i] = Math.abs(v) > 2 * h ? v : -0.5f; // away from the kink at 0
    }
    float[] d = new float[n];
    Regularizers.activityL1(a, d, n, rows, lambda);
    for (int i = 0; i < n; i++) {
      float[] plus = a.clone();
      plus[i] += h;
      float[] minus = a.clone();
      minus[i] -= h;
      double fd = ((double) Regularizers.activityL1(plus, new float[n], n, rows, lambda)
          - Regularizers.activityL1(minus, new float[n], n, rows, lambda)) / (2.0 * h);
      assertClose(fd, d[i], FINITE_DIFFERENCE, 1, "d[" + i + "] at a = " + a[i]);
    }
  }
}
