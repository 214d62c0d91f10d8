package dev.topiary.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdamTest {
  @Test
  void defaultsAreKeras() {
    Adam adam = new Adam();
    assertEquals(1e-3f, adam.learningRate());
    assertEquals(0.9, adam.beta1());
    assertEquals(0.999, adam.beta2());
    assertEquals(1e-7, adam.epsilon());
    assertEquals(0, adam.iterations());
  }

  /**
   * The float implementation against Keras's formula written out here in double; the second and
   * third rows use a large epsilon and small betas, where misplacing epsilon or the bias
   * correction would show.
   */
  @ParameterizedTest
  @CsvSource({
    "0.05, 0.9, 0.999, 1e-7",
    "0.1,  0.5, 0.9,   0.1",
    "0.02, 0.0, 0.5,   1.0",
  })
  void followsKerasFormulaOnQuadratic(double lr, double beta1, double beta2, double epsilon) {
    Quadratic problem = Quadratic.standard();
    Parameter[] params = problem.parameters(0.0);
    double[][] w = problem.weights(0.0);
    double[][] m = problem.weights(0.0);
    double[][] v = problem.weights(0.0);
    Adam adam = new Adam(lr, beta1, beta2, epsilon);

    for (int t = 1; t <= 30; t++) {
      problem.writeGradients(params);
      adam.step(params);
      double lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
      for (int p = 0; p < w.length; p++) {
        for (int i = 0; i < w[p].length; i++) {
          double g = problem.gradient(p, i, w[p][i]);
          m[p][i] = beta1 * m[p][i] + (1 - beta1) * g;
          v[p][i] = beta2 * v[p][i] + (1 - beta2) * g * g;
          w[p][i] -= lrT * m[p][i] / (Math.sqrt(v[p][i]) + epsilon);
          assertEquals(w[p][i], params[p].value[i], Tolerances.TRAJECTORY,
              "step " + t + ", parameter " + p + ", value " + i);
        }
      }
    }
    assertEquals(30, adam.iterations());
  }

  @Test
  void firstStepMovesEachWeightByLearningRateTimesSignOfGradient() {
    // At t = 1, m = (1 - b1) g and v = (1 - b2) g^2, so the step is lr * g / (|g| + eps'): the
    // same size lr whatever the gradient's scale, as long as |g| >> eps.
    Parameter weights = new Parameter("w", 5);
    float[] gradients = {0.5f, -5f, 100f, -0.01f, 0f};
    System.arraycopy(gradients, 0, weights.grad, 0, gradients.length);
    Adam adam = new Adam(0.01);

    adam.step(new Parameter[] {weights});

    float[] expected = {-0.01f, 0.01f, -0.01f, 0.01f, 0f};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], weights.value[i], 0.01 * 1e-3, "weight " + i);
    }
  }

  @Test
  void momentsAreAllocatedAtFirstStepAndReused() {
    Quadratic problem = Quadratic.standard();
    Parameter[] params = problem.parameters(1.0);
    Adam adam = new Adam();
    problem.writeGradients(params);
    adam.step(params);
    float[][][] slots = adam.slots();
    float[] firstMomentOfP1 = slots[0][1];
    float[] secondMomentOfP0 = slots[1][0];

    for (int t = 0; t < 5; t++) {
      problem.writeGradients(params);
      adam.step(params);
    }

    assertSame(slots, adam.slots());
    assertSame(firstMomentOfP1, adam.slots()[0][1]);
    assertSame(secondMomentOfP0, adam.slots()[1][0]);
    assertEquals(2, firstMomentOfP1.length);
    assertEquals(3, secondMomentOfP0.length);
    assertTrue(secondMomentOfP0[0] > 0, "the second moment is stored in the reused array");
  }

  @ParameterizedTest
  @CsvSource({
    "0,     0.9, 0.999, 1e-7, 'learningRate expected a finite number > 0, found 0.0'",
    "-1e-3, 0.9, 0.999, 1e-7, 'learningRate expected a finite number > 0, found -0.001'",
    "NaN,   0.9, 0.999, 1e-7, 'learningRate expected a finite number > 0, found NaN'",
    "Infinity, 0.9, 0.999, 1e-7, 'learningRate expected a finite number > 0, found Infinity'",
    "1e-3,  1.0, 0.999, 1e-7, 'beta1 expected a number in [0, 1), found 1.0'",
    "1e-3, -0.1, 0.999, 1e-7, 'beta1 expected a number in [0, 1), found -0.1'",
    "1e-3,  0.9, NaN,   1e-7, 'beta2 expected a number in [0, 1), found NaN'",
    "1e-3,  0.9, 0.999, 0,    'epsilon expected a finite number > 0, found 0.0'",
  })
  void rejectsArgumentsOutOfRange(
      double lr, double beta1, double beta2, double epsilon, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Adam(lr, beta1, beta2, epsilon));
    assertEquals("Adam: " + message, e.getMessage());
  }
}
