package dev.topiary.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Parameter;
import org.junit.jupiter.api.Test;

/** Each schedule against values worked out by hand from Keras's formulas. */
class LearningRateScheduleTest {
  private static final double EPS = 1e-12;

  @Test
  void exponentialDecayContinuousAndStaircase() {
    ExponentialDecay smooth = new ExponentialDecay(0.1, 10, 0.5, false);
    assertEquals(0.1, smooth.rateAt(0), EPS);
    assertEquals(0.05, smooth.rateAt(10), EPS); // 0.1 * 0.5^1
    assertEquals(0.1 * Math.sqrt(0.5), smooth.rateAt(5), EPS); // 0.1 * 0.5^0.5 = 0.0707107
    assertEquals(0.0125, smooth.rateAt(30), EPS); // 0.1 * 0.5^3
    ExponentialDecay stairs = new ExponentialDecay(0.1, 10, 0.5, true);
    assertEquals(0.1, stairs.rateAt(9), EPS);
    assertEquals(0.05, stairs.rateAt(10), EPS);
    assertEquals(0.05, stairs.rateAt(19), EPS);
  }

  @Test
  void cosineDecayWithoutWarmup() {
    CosineDecay c = new CosineDecay(0.1, 100, 0.0);
    assertEquals(0.1, c.rateAt(0), EPS);
    assertEquals(0.05, c.rateAt(50), EPS); // 0.1 * 0.5 * (1 + cos(pi / 2))
    assertEquals(0.0, c.rateAt(100), EPS);
    assertEquals(0.0, c.rateAt(500), EPS); // held at decaySteps
    CosineDecay floor = new CosineDecay(0.1, 100, 0.2);
    assertEquals(0.1 * (0.8 * 0.5 + 0.2), floor.rateAt(50), EPS); // 0.06
    assertEquals(0.02, floor.rateAt(100), EPS); // alpha * initial
    // step 25: 0.5 * (1 + cos(pi / 4)) = 0.853553...
    assertEquals(0.1 * 0.5 * (1 + Math.sqrt(0.5)), c.rateAt(25), EPS);
  }

  @Test
  void cosineDecayWarmsUpLinearlyThenDecays() {
    CosineDecay c = new CosineDecay(0.1, 100, 0.0, 10); // Keras: initial 0, target 0.1
    assertEquals(0.0, c.rateAt(0), EPS);
    assertEquals(0.05, c.rateAt(5), EPS);
    assertEquals(0.1, c.rateAt(10), EPS); // the cosine starts from the target
    assertEquals(0.05, c.rateAt(60), EPS); // 50 steps into the decay
    assertEquals(0.0, c.rateAt(110), EPS);
    CosineDecay keras = new CosineDecay(0.01, 100, 0.0, 10, 0.1); // from 0.01 to 0.1
    assertEquals(0.01 + 0.09 * 0.5, keras.rateAt(5), EPS); // 0.055
  }

  @Test
  void piecewiseConstantIncludesEachBoundaryInTheValueBefore() {
    PiecewiseConstantDecay p = new PiecewiseConstantDecay(new long[] {100, 200},
        new double[] {1.0, 0.5, 0.1});
    assertEquals(1.0, p.rateAt(0), EPS);
    assertEquals(1.0, p.rateAt(100), EPS);
    assertEquals(0.5, p.rateAt(101), EPS);
    assertEquals(0.5, p.rateAt(200), EPS);
    assertEquals(0.1, p.rateAt(201), EPS);
  }

  @Test
  void refusesArgumentsOutOfRangeWithAMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PiecewiseConstantDecay(new long[] {10, 5}, new double[] {1, 2, 3}));
    assertTrue(e.getMessage().contains("increasing"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new PiecewiseConstantDecay(new long[] {10}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 0, 0.5, false));
    assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new Adam((LearningRateSchedule) null));
  }

  /** Plain SGD follows its schedule: w -= rate(t) * g, with t the updates already applied. */
  @Test
  void sgdStepsWithTheScheduledRate() {
    Parameter w = new Parameter("w", 1);
    Sgd sgd = new Sgd(new PiecewiseConstantDecay(new long[] {0}, new double[] {1.0, 0.5}), 0,
        false);
    w.grad[0] = 1f;
    sgd.step(new Parameter[] {w}); // step 0: rate 1.0
    assertEquals(-1.0f, w.value[0]);
    assertEquals(0.5f, sgd.learningRate());
    sgd.step(new Parameter[] {w}); // step 1: rate 0.5
    assertEquals(-1.5f, w.value[0]);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> sgd.setLearningRate(0.1));
    assertTrue(e.getMessage().contains("schedule"), e.getMessage());
  }

  @Test
  void aFixedRateCanBeLowered() {
    Adam adam = new Adam(0.01);
    adam.setLearningRate(0.001);
    assertEquals(0.001f, adam.learningRate());
    assertThrows(IllegalArgumentException.class, () -> adam.setLearningRate(-1));
  }
}
