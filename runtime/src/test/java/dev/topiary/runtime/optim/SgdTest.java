package dev.topiary.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.topiary.runtime.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SgdTest {
  @Test
  void defaultsAreKeras() {
    Sgd sgd = new Sgd();
    assertEquals(0.01f, sgd.learningRate());
    assertEquals(0.0, sgd.momentum());
    assertEquals(false, sgd.nesterov());
  }

  @Test
  void plainSgdSubtractsLearningRateTimesGradient() {
    Quadratic problem = Quadratic.standard();
    Parameter[] params = problem.parameters(0.0);
    double[][] w = problem.weights(0.0);
    Sgd sgd = new Sgd(0.05);

    for (int t = 1; t <= 20; t++) {
      problem.writeGradients(params);
      sgd.step(params);
      for (int p = 0; p < w.length; p++) {
        for (int i = 0; i < w[p].length; i++) {
          w[p][i] -= 0.05 * problem.gradient(p, i, w[p][i]);
          assertEquals(w[p][i], params[p].value[i], Tolerances.TRAJECTORY,
              "step " + t + ", parameter " + p + ", value " + i);
        }
      }
    }
    assertEquals(0, sgd.slots().length, "plain SGD keeps no state, as Keras creates no momentum");
  }

  @Test
  void momentumUnderConstantGradientFollowsKnownSequence() {
    // g = 1, lr = 0.1, momentum 0.9: velocity -0.1, -0.19, -0.271, -0.3439 (a geometric series).
    double[] expected = {0.9, 0.71, 0.439, 0.0951};
    assertSequence(new Sgd(0.1, 0.9), expected);
  }

  @Test
  void nesterovUnderConstantGradientFollowsKnownSequence() {
    // w += 0.9 * velocity - 0.1: steps -0.19, -0.271, -0.3439, -0.40951.
    double[] expected = {0.81, 0.539, 0.1951, -0.21441};
    assertSequence(new Sgd(0.1, 0.9, true), expected);
  }

  @Test
  void momentumFollowsKerasFormulaOnQuadratic() {
    Quadratic problem = Quadratic.standard();
    Parameter[] params = problem.parameters(0.0);
    double[][] w = problem.weights(0.0);
    double[][] velocity = problem.weights(0.0);
    Sgd sgd = new Sgd(0.02, 0.8);

    for (int t = 1; t <= 30; t++) {
      problem.writeGradients(params);
      sgd.step(params);
      for (int p = 0; p < w.length; p++) {
        for (int i = 0; i < w[p].length; i++) {
          velocity[p][i] = 0.8 * velocity[p][i] - 0.02 * problem.gradient(p, i, w[p][i]);
          w[p][i] += velocity[p][i];
          assertEquals(w[p][i], params[p].value[i], Tolerances.TRAJECTORY,
              "step " + t + ", parameter " + p + ", value " + i);
        }
      }
    }
  }

  @Test
  void velocityIsAllocatedAtFirstStepAndReused() {
    Quadratic problem = Quadratic.standard();
    Parameter[] params = problem.parameters(1.0);
    Sgd sgd = new Sgd(0.01, 0.9);
    problem.writeGradients(params);
    sgd.step(params);
    float[] velocityOfP0 = sgd.slots()[0][0];

    problem.writeGradients(params);
    sgd.step(params);

    assertEquals(1, sgd.slots().length);
    assertSame(velocityOfP0, sgd.slots()[0][0]);
    assertEquals(3, velocityOfP0.length);
  }

  @ParameterizedTest
  @CsvSource({
    "0,    0.9, 'learningRate expected a finite number > 0, found 0.0'",
    "NaN,  0.9, 'learningRate expected a finite number > 0, found NaN'",
    "0.01, 1.0, 'momentum expected a number in [0, 1), found 1.0'",
    "0.01, -0.5, 'momentum expected a number in [0, 1), found -0.5'",
  })
  void rejectsArgumentsOutOfRange(double lr, double momentum, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Sgd(lr, momentum));
    assertEquals("Sgd: " + message, e.getMessage());
  }

  /** Steps one weight from 1 under gradient 1 and compares it after each step. */
  private static void assertSequence(Sgd sgd, double[] expected) {
    Parameter weight = new Parameter("w", 1);
    weight.value[0] = 1f;
    for (int t = 0; t < expected.length; t++) {
      weight.grad[0] = 1f;
      sgd.step(new Parameter[] {weight});
      assertEquals(expected[t], weight.value[0], Tolerances.ONE_STEP, "after step " + (t + 1));
    }
  }
}
