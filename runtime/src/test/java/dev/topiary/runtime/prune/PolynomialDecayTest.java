package dev.topiary.runtime.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolynomialDecayTest {
  /** The seed CNN's kind of schedule: 0.5 -> 0.8 over 1000 steps, every 100, cubic. */
  private final PolynomialDecay cubic = new PolynomialDecay(0.5, 0.8, 0, 1000, 100, 3);

  @Test
  void accessorsReturnTheArguments() {
    PolynomialDecay s = new PolynomialDecay(0.1, 0.9, 7, 77, 5, 2.5);
    assertEquals(0.1, s.initial());
    assertEquals(0.9, s.target());
    assertEquals(7, s.beginStep());
    assertEquals(77, s.endStep());
    assertEquals(5, s.frequency());
    assertEquals(2.5, s.power());
  }

  @Test
  void aScheduleFromStepZeroWithAFrequencyAboveEndStepNeverUpdates() {
    // What the processor's PruneNeverUpdates diagnostic says: steps count from 1, so
    // @Prune(endStep = 20) with the default frequency = 100 prunes nothing, however long it trains
    dev.topiary.runtime.Parameter kernel = new dev.topiary.runtime.Parameter("d/kernel", 8);
    java.util.Arrays.fill(kernel.value, 1f);
    KernelPruning pruning = new KernelPruning("d", kernel, null, 4, 2,
        new PolynomialDecay(0, 0.5, 0, 20, 100, 3), dev.topiary.Structure.UNSTRUCTURED, 0, 0);
    for (int step = 1; step <= 1000; step++) {
      pruning.beforeStep();
    }
    for (float m : pruning.kernelMask()) {
      assertEquals(1f, m, "no mask update ever ran");
    }
    KernelPruning once = new KernelPruning("d", kernel, null, 4, 2,
        new PolynomialDecay(0, 0.5, 0, 20, 20, 3), dev.topiary.Structure.UNSTRUCTURED, 0, 0);
    for (int step = 1; step <= 20; step++) {
      once.beforeStep();
    }
    int masked = 0;
    for (float m : once.kernelMask()) {
      masked += m == 0f ? 1 : 0;
    }
    assertEquals(4, masked, "frequency = endStep updates once, at step 20, to the target 0.5");
  }

  @Test
  void knownValuesOfTheCubicSchedule() {
    // Hand-computed: 0.8 - 0.3 * (1 - k / 1000)^3.
    assertEquals(0.5, cubic.sparsityAt(0), Tolerances.SCHEDULE);
    assertEquals(0.8 - 0.3 * 0.729, cubic.sparsityAt(100), Tolerances.SCHEDULE);
    assertEquals(0.7625, cubic.sparsityAt(500), Tolerances.SCHEDULE);
    assertEquals(0.8 - 0.3 * 0.001, cubic.sparsityAt(900), Tolerances.SCHEDULE);
    assertEquals(0.8, cubic.sparsityAt(1000), Tolerances.SCHEDULE);
  }

  @Test
  void sparsityAtEveryPruningStepMatchesExactDecimalFormula() {
    assertMatchesDecimalReference(cubic);
    assertMatchesDecimalReference(new PolynomialDecay(0.0, 0.9, 250, 4_250, 37, 1));
    assertMatchesDecimalReference(new PolynomialDecay(0.2, 0.95, 10, 20, 1, 5));
  }

  @Test
  void fractionalPowerMatchesExpOfLog() {
    PolynomialDecay s = new PolynomialDecay(0.25, 0.75, 100, 600, 50, 1.5);
    for (long k = 100; k < 600; k += 50) {
      double remaining = (600.0 - k) / 500.0;
      double expected = 0.75 - 0.5 * Math.exp(1.5 * Math.log(remaining));
      assertEquals(expected, s.sparsityAt(k), Tolerances.SCHEDULE_FRACTIONAL_POWER, "step " + k);
    }
    assertEquals(0.75, s.sparsityAt(600));
  }

  @Test
  void sparsityRisesMonotonicallyBetweenBeginAndEnd() {
    double previous = cubic.sparsityAt(0);
    for (long k = 1; k <= 1000; k++) {
      double now = cubic.sparsityAt(k);
      assertTrue(now >= previous, "step " + k + ": " + now + " < " + previous);
      previous = now;
    }
  }

  @Test
  void clampsBeforeBeginAndAfterEnd() {
    PolynomialDecay s = new PolynomialDecay(0.3, 0.6, 200, 700, 100, 3);
    for (long k = 0; k <= 200; k++) {
      assertEquals(0.3, s.sparsityAt(k), "step " + k);
    }
    for (long k = 700; k <= 1200; k++) {
      assertEquals(0.6, s.sparsityAt(k), "step " + k);
    }
    assertEquals(0.6, s.sparsityAt(Long.MAX_VALUE));
    assertEquals(0.3, s.sparsityAt(Long.MIN_VALUE));
  }

  @Test
  void equalInitialAndTargetGiveConstantSparsity() {
    PolynomialDecay constant = new PolynomialDecay(0.7, 0.7, 0, 1000, 100, 3);
    for (long k = 0; k <= 1500; k++) {
      assertEquals(0.7, constant.sparsityAt(k), "step " + k);
    }
  }

  @Test
  void updatesExactlyEveryFrequencyStepsFromBeginToEnd() {
    assertUpdateSteps(cubic);
    // End not on the grid: 200, 300, ..., 1000, never 1050.
    assertUpdateSteps(new PolynomialDecay(0.5, 0.8, 200, 1050, 100, 3));
    assertUpdateSteps(new PolynomialDecay(0.0, 0.5, 3, 40, 7, 3));
    assertUpdateSteps(new PolynomialDecay(0.0, 0.5, 0, 10, 1, 3));
    // Frequency beyond the span: only beginStep.
    assertUpdateSteps(new PolynomialDecay(0.0, 0.5, 5, 50, 100, 3));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "initial below 0;        -0.1; 0.5; 0; 100; 100; 3;   initial expected a number in [0, 1), found -0.1",
      "initial 1;               1.0; 1.0; 0; 100; 100; 3;   initial expected a number in [0, 1), found 1.0",
      "initial NaN;             NaN; 0.5; 0; 100; 100; 3;   initial expected a number in [0, 1), found NaN",
      "target below initial;    0.5; 0.4; 0; 100; 100; 3;   target expected a number in [initial = 0.5, 1), found 0.4",
      "target 1;                0.5; 1.0; 0; 100; 100; 3;   target expected a number in [initial = 0.5, 1), found 1.0",
      "negative beginStep;      0.5; 0.8; -1; 100; 100; 3;  beginStep expected at least 0, found -1",
      "endStep equal to begin;  0.5; 0.8; 100; 100; 10; 3;  endStep expected greater than beginStep = 100, found 100",
      "endStep before begin;    0.5; 0.8; 100; 50; 10; 3;   endStep expected greater than beginStep = 100, found 50",
      "frequency 0;             0.5; 0.8; 0; 100; 0; 3;     frequency expected at least 1, found 0",
      "negative frequency;      0.5; 0.8; 0; 100; -5; 3;    frequency expected at least 1, found -5",
      "power 0;                 0.5; 0.8; 0; 100; 100; 0;   power expected a finite number > 0, found 0.0",
      "negative power;          0.5; 0.8; 0; 100; 100; -1;  power expected a finite number > 0, found -1.0",
      "infinite power;          0.5; 0.8; 0; 100; 100; Infinity; power expected a finite number > 0, found Infinity",
      "NaN power;               0.5; 0.8; 0; 100; 100; NaN; power expected a finite number > 0, found NaN",
  })
  void rejectsInvalidArguments(String name, double initial, double target, long begin, long end,
      int frequency, double power, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PolynomialDecay(initial, target, begin, end, frequency, power));
    assertEquals("PolynomialDecay: " + message, e.getMessage());
  }

  /** Checks {@code updatesAt} at every step 0 .. end + 500 against the set built by a loop. */
  private static void assertUpdateSteps(PolynomialDecay s) {
    Set<Long> expected = new HashSet<>();
    for (long k = s.beginStep(); k <= s.endStep(); k += s.frequency()) {
      expected.add(k);
    }
    for (long k = 0; k <= s.endStep() + 500; k++) {
      assertEquals(expected.contains(k), s.updatesAt(k), s + " at step " + k);
    }
  }

  /** Checks every pruning step against the formula in exact decimals (integer powers only). */
  private static void assertMatchesDecimalReference(PolynomialDecay s) {
    MathContext mc = MathContext.DECIMAL128;
    BigDecimal initial = new BigDecimal(s.initial());
    BigDecimal target = new BigDecimal(s.target());
    BigDecimal span = BigDecimal.valueOf(s.endStep() - s.beginStep());
    int power = (int) s.power();
    int checked = 0;
    for (long k = s.beginStep(); k <= s.endStep(); k++) {
      if (!s.updatesAt(k)) {
        continue;
      }
      BigDecimal remaining = span.subtract(BigDecimal.valueOf(k - s.beginStep())).divide(span, mc);
      BigDecimal expected = target.add(initial.subtract(target).multiply(remaining.pow(power, mc)));
      assertEquals(expected.doubleValue(), s.sparsityAt(k), Tolerances.SCHEDULE, s + " at " + k);
      checked++;
    }
    assertTrue(checked > 1, "the schedule has pruning steps");
  }
}
