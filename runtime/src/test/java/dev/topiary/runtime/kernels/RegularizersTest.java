package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.MatMulTest.random;
import static dev.topiary.runtime.kernels.Tolerances.ELEMENT;
import static dev.topiary.runtime.kernels.Tolerances.SUM;
import static dev.topiary.runtime.kernels.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Regularizers#l1}: penalty {@code lambda * sum|w|}, gradient {@code lambda * sign(w)} added. */
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
}
