package dev.topiary.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.topiary.runtime.OptimizerState;
import dev.topiary.runtime.Parameter;
import org.junit.jupiter.api.Test;

/** RMSprop, AdamW and gradient clipping against values worked out by hand from Keras's formulas. */
class MoreOptimizersTest {
  private static Parameter param(float w, float g) {
    Parameter p = new Parameter("w", 1);
    p.value[0] = w;
    p.grad[0] = g;
    return p;
  }

  @Test
  void rmsPropTwoSteps() {
    Parameter p = param(1f, 2f);
    RmsProp rms = new RmsProp(0.1);
    rms.step(new Parameter[] {p});
    // v = 0.1 * 4 = 0.4; d = 0.1 * 2 / sqrt(0.4 + 1e-7) = 0.3162274
    assertEquals(1 - 0.1 * 2 / Math.sqrt(0.4 + 1e-7), p.value[0], 1e-6);
    float after1 = p.value[0];
    rms.step(new Parameter[] {p});
    // v = 0.9 * 0.4 + 0.1 * 4 = 0.76; d = 0.2 / sqrt(0.76 + 1e-7) = 0.2294157
    assertEquals(after1 - 0.2 / Math.sqrt(0.76 + 1e-7), p.value[0], 1e-6);
  }

  @Test
  void rmsPropWithMomentum() {
    Parameter p = param(0f, 1f);
    RmsProp rms = new RmsProp(LearningRateSchedule.constant(0.01), 0.9, 0.5, 1e-7);
    rms.step(new Parameter[] {p}); // v = 0.1, d = 0.01 / sqrt(0.1), m = d
    double d1 = 0.01 / Math.sqrt(0.1 + 1e-7);
    assertEquals(-d1, p.value[0], 1e-7);
    rms.step(new Parameter[] {p}); // v = 0.19, d2, m = 0.5 * d1 + d2
    double d2 = 0.01 / Math.sqrt(0.19 + 1e-7);
    assertEquals(-d1 - (0.5 * d1 + d2), p.value[0], 1e-7);
  }

  @Test
  void adamWDecaysBeforeTheAdamStep() {
    Parameter a = param(2f, 0.5f);
    Parameter b = param(2f, 0.5f);
    new AdamW(0.1, 0.5).step(new Parameter[] {a});
    new Adam(0.1).step(new Parameter[] {b});
    // AdamW: w = 2 - 2 * 0.5 * 0.1 = 1.9, then the same Adam step as plain Adam takes from 2
    // (Adam's first step is lr * sign(g) up to epsilon: 0.1)
    assertEquals(1.9f - (2f - b.value[0]), a.value[0], 1e-6f);
    assertEquals(1.8f, a.value[0], 1e-5f);
  }

  @Test
  void clipNormScalesEachGradientToTheNorm() {
    Parameter p = new Parameter("w", 2);
    p.grad[0] = 3f;
    p.grad[1] = 4f; // norm 5
    Sgd sgd = new Sgd(1.0);
    sgd.clipNorm(1.0);
    sgd.step(new Parameter[] {p});
    assertEquals(-0.6f, p.value[0], 1e-6f);
    assertEquals(-0.8f, p.value[1], 1e-6f);
    assertThrows(IllegalStateException.class, () -> sgd.clipValue(1));
  }

  @Test
  void clipValueClampsEachGradient() {
    Parameter p = new Parameter("w", 2);
    p.grad[0] = 3f;
    p.grad[1] = -0.25f;
    Sgd sgd = new Sgd(1.0);
    sgd.clipValue(0.5);
    sgd.step(new Parameter[] {p});
    assertEquals(-0.5f, p.value[0]);
    assertEquals(0.25f, p.value[1]);
  }

  /** A custom optimizer from public types only: sign SGD, w -= lr * sign(g). */
  static final class SignSgd implements Optimizer {
    private int steps;

    @Override
    public void step(Parameter[] params) {
      for (Parameter p : params) {
        for (int i = 0; i < p.value.length; i++) {
          p.value[i] -= 0.1f * Math.signum(p.grad[i]);
        }
      }
      steps++;
    }

    @Override
    public int iterations() {
      return steps;
    }

    @Override
    public float learningRate() {
      return 0.1f;
    }

    @Override
    public LearningRateSchedule schedule() {
      return LearningRateSchedule.constant(0.1);
    }

    @Override
    public void setLearningRate(double rate) {
      throw new IllegalStateException("fixed");
    }

    @Override
    public void maskState(Parameter parameter, float[] mask) {}

    @Override
    public void softThreshold(Parameter parameter, float lambda) {}
  }

  @Test
  void aCustomOptimizerNeedsNoInternalTypes() {
    Parameter p = param(1f, -3f);
    Optimizer o = new SignSgd();
    o.step(new Parameter[] {p});
    assertEquals(1.1f, p.value[0], 1e-6f);
    OptimizerState state = o;
    state.maskState(p, new float[] {0f});
  }
}
