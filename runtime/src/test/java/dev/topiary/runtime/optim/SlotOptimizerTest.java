package dev.topiary.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.topiary.runtime.Parameter;
import org.junit.jupiter.api.Test;

class SlotOptimizerTest {
  private static Parameter[] network() {
    return new Parameter[] {new Parameter("dense/kernel", 6), new Parameter("dense/bias", 3)};
  }

  @Test
  void countsIterationsAndAllocatesStateAtFirstStepOnly() {
    Adam adam = new Adam();
    Parameter[] params = network();
    assertNull(adam.slots(), "no state before the first step");

    adam.step(params);
    float[][][] state = adam.slots();
    adam.step(params);
    // A list of other Parameter objects of the same sizes is the same network to the optimizer.
    adam.step(network());

    assertEquals(3, adam.iterations());
    assertSame(state, adam.slots());
  }

  @Test
  void rejectsAnotherParameterCount() {
    Adam adam = new Adam();
    adam.step(network());

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> adam.step(new Parameter[] {new Parameter("dense/kernel", 6)}));
    assertEquals("Adam.step: expected the 2 parameters of the first step, found 1; an optimizer"
        + " keeps state for one network, create another for another network", e.getMessage());
    assertEquals(1, adam.iterations(), "a rejected step is not counted");
  }

  @Test
  void rejectsAnotherParameterSize() {
    Sgd sgd = new Sgd(0.1, 0.9);
    sgd.step(network());
    Parameter[] other = {new Parameter("dense/kernel", 6), new Parameter("dense/bias", 4)};

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> sgd.step(other));
    assertEquals("Sgd.step: parameter 1 (dense/bias) expected 3 values as at the first step,"
        + " found 4; an optimizer keeps state for one network, create another for another network",
        e.getMessage());
  }

  @Test
  void plainSgdAlsoRejectsAnotherParameterList() {
    Sgd sgd = new Sgd();
    sgd.step(network());
    assertThrows(IllegalStateException.class, () -> sgd.step(new Parameter[0]));
  }

  @Test
  void rejectsNullParameters() {
    Adam adam = new Adam();
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> adam.step(new Parameter[] {new Parameter("a", 1), null}));
    assertEquals("Adam.step: params[1] is null", e.getMessage());
    assertNull(adam.slots(), "a rejected first step binds nothing");
  }
}
