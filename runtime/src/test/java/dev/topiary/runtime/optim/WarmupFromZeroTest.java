package dev.topiary.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.topiary.runtime.Parameter;
import org.junit.jupiter.api.Test;

/** A cosine schedule that warms up from 0, as Keras's does: its first step has the rate 0. */
class WarmupFromZeroTest {
  @Test
  void theFirstStepOfAWarmUpFromZeroMovesNothingAndTheNextMoves() {
    CosineDecay schedule = new CosineDecay(1e-2, 100, 0.0, 5); // warm-up to 1e-2 in 5 steps
    assertEquals(0.0, schedule.rateAt(0));
    Adam adam = new Adam(schedule);
    Parameter w = new Parameter("w", 3);
    w.value[0] = 1f;
    w.grad[0] = 0.5f;
    w.grad[2] = -2f;
    float[] before = w.value.clone();
    adam.step(new Parameter[] {w});
    assertArrayEquals(before, w.value, "rate 0: no move");
    assertEquals(1, adam.iterations());
    adam.step(new Parameter[] {w}); // rate 2e-3 at step 1
    assertNotEquals(before[0], w.value[0]);
    // Adam's first steps move by about the rate whatever the gradient's size
    assertEquals(1f - 2e-3f, w.value[0], 1e-5f);
  }
}
