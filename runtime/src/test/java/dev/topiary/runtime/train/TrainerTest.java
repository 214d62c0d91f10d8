package dev.topiary.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.Structure;
import dev.topiary.runtime.WeightedLayer;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.prune.PolynomialDecay;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The trainer's loop: learning, determinism, NaN detection, pruning and proximal L1 hooks. */
class TrainerTest {
  /** A separable 4-class problem: the class is the block of 4 inputs with the largest sum. */
  static Dataset blocks(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * TinyNetwork.IN];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(TinyNetwork.OUT);
      for (int j = 0; j < TinyNetwork.IN; j++) {
        x[i * TinyNetwork.IN + j] = (float) r.nextDouble() + (j / 4 == y[i] ? 1f : 0f);
      }
    }
    return Dataset.of(x, y, TinyNetwork.IN);
  }

  @Test
  void learnsASeparableProblemAndReportsEachEpoch() {
    TinyNetwork net = new TinyNetwork(1, null, null, null);
    Dataset data = blocks(2_000, 2);
    History h = Trainer.of(net).adam(1e-2).batchSize(32).epochs(3).progress(false)
        .validation(data).fit(data);
    assertEquals(3, h.epochs().size());
    assertEquals(2_000, h.last().images());
    assertTrue(h.epochs().get(2).loss() < h.epochs().get(0).loss(), h.toString());
    assertNotNull(h.last().validation());
    assertTrue(net.evaluate(data).accuracy() > 0.95f, net.evaluate(data).toString());
  }

  @Test
  void sameSeedsGiveTheSameWeights() {
    Dataset data = blocks(500, 3);
    TinyNetwork a = new TinyNetwork(7, null, null, null);
    TinyNetwork b = new TinyNetwork(7, null, null, null);
    Trainer.of(a).batchSize(16).epochs(2).progress(false).fit(data);
    Trainer.of(b).batchSize(16).epochs(2).progress(false).fit(data);
    assertArrayEquals(a.kernel.value, b.kernel.value);
    TinyNetwork c = new TinyNetwork(7, null, null, null);
    Trainer.of(c).batchSize(16).epochs(2).shuffleSeed(99).progress(false).fit(data);
    assertFalse(java.util.Arrays.equals(a.kernel.value, c.kernel.value),
        "another shuffling seed gives another order");
  }

  @Test
  void aNanLossStopsTrainingWithAMessage() {
    Dataset data = blocks(64, 4);
    data.features()[5] = Float.NaN;
    TinyNetwork net = new TinyNetwork(1, null, null, null);
    ArithmeticException e = assertThrows(ArithmeticException.class,
        () -> Trainer.of(net).batchSize(64).progress(false).fit(data));
    assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("step 1"),
        e.getMessage());
  }

  @Test
  void rejectsDataOfAnotherShape() {
    TinyNetwork net = new TinyNetwork(1, null, null, null);
    Dataset wrong = Dataset.of(new float[30], new int[10], 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.of(net).fit(wrong));
    assertTrue(e.getMessage().contains("16") && e.getMessage().contains("3"), e.getMessage());
  }

  @Test
  void aBadLabelAnywhereIsRefusedBeforeTheFirstStep() {
    // the bad label is in the last batch: batch by batch, the first 15 steps would have run
    Dataset data = blocks(512, 5);
    data.labels()[511] = TinyNetwork.OUT;
    TinyNetwork net = new TinyNetwork(1, null, null, null);
    float[] before = net.kernel.value.clone();
    Trainer trainer = Trainer.of(net).batchSize(32).progress(false).shuffleSeed(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trainer.fit(data));
    assertTrue(e.getMessage().contains("example 511 has label 4")
        && e.getMessage().contains("expected 0 to 3"), e.getMessage());
    assertArrayEquals(before, net.kernel.value, "no step may run before the labels are checked");
    assertEquals(0, trainer.optimizer().iterations());
    data.labels()[511] = -1;
    assertThrows(IllegalArgumentException.class, () -> Trainer.of(net).validation(data));
  }

  @Test
  void nullArgumentsAreRefusedWithAMessage() {
    TinyNetwork net = new TinyNetwork(1, null, null, null);
    IllegalArgumentException fit = assertThrows(IllegalArgumentException.class,
        () -> Trainer.of(net).fit(null));
    assertTrue(fit.getMessage().contains("found null"), fit.getMessage());
    IllegalArgumentException val = assertThrows(IllegalArgumentException.class,
        () -> Trainer.of(net).validation(null));
    assertTrue(val.getMessage().contains("found null"), val.getMessage());
    IllegalArgumentException eval = assertThrows(IllegalArgumentException.class,
        () -> net.evaluate(null));
    assertTrue(eval.getMessage().contains("found null"), eval.getMessage());
    assertThrows(IllegalArgumentException.class, () -> net.kernelMode(null));
    assertThrows(IllegalArgumentException.class,
        () -> dev.topiary.runtime.inference.InferenceModel.of(net).kernelMode(null));
  }

  @Test
  void prunedWeightsAreZeroInEveryForwardPassAndAtTheEnd() {
    // Constant 75% sparsity from step 0 with frequency 10, a large learning rate and many
    // steps: Adam moves masked weights away from zero after every update (tfmot semantics), so
    // they must be re-masked before each forward pass.
    TinyNetwork net = new TinyNetwork(1, new PolynomialDecay(0.75, 0.75, 0, 200, 10, 3),
        Structure.UNSTRUCTURED, null);
    Trainer.of(net).adam(0.5).batchSize(8).epochs(3).progress(false).fit(blocks(400, 5));
    assertFalse(net.maskedWeightSeenInForward, "a masked weight was non-zero in a forward pass");
    assertEquals(48, zeros(net.kernel.value), "75% of 64 kernel weights are exactly zero");
  }

  @Test
  void strictPruningHoldsMaskedGradientsAndMomentsAtZero() {
    TinyNetwork net = new TinyNetwork(1, new PolynomialDecay(0.5, 0.5, 0, 1000, 10, 3),
        Structure.UNSTRUCTURED, null);
    Trainer t = Trainer.of(net).adam(0.1).batchSize(8).epochs(1).strictPruning(true)
        .progress(false);
    t.fit(blocks(400, 6));
    float[] mask = net.pruning.kernelMask();
    for (int i = 0; i < mask.length; i++) {
      if (mask[i] == 0f) {
        assertEquals(0f, net.kernel.grad[i], "masked gradient " + i);
        assertEquals(0f, net.kernel.value[i], "masked weight " + i);
      }
    }
    assertEquals(32, zeros(net.kernel.value));
  }

  @Test
  void channelPruningRemovesWholeOutputUnitsAndTheirBias() {
    TinyNetwork net = new TinyNetwork(1, new PolynomialDecay(0.5, 0.5, 0, 1000, 5, 3),
        Structure.CHANNELS, null);
    Trainer.of(net).adam(0.05).batchSize(8).epochs(1).progress(false).fit(blocks(200, 7));
    assertEquals(2, ((WeightedLayer) net.layers().get(0)).channelsRemoved());
    int zeroBiases = 0;
    for (float b : net.bias.value) {
      zeroBiases += b == 0f ? 1 : 0;
    }
    assertEquals(2, zeroBiases, "the bias of each removed unit is zero too");
  }

  @Test
  void proximalL1MakesExactZerosWhereKerasL1DoesNot() {
    TinyNetwork proximal = new TinyNetwork(1, null, null, 0.05f);
    Trainer.of(proximal).adam(0.05).batchSize(16).epochs(3).progress(false)
        .fit(blocks(800, 8));
    assertTrue(zeros(proximal.kernel.value) > 16, "exact zeros: "
        + zeros(proximal.kernel.value));
    TinyNetwork plain = new TinyNetwork(1, null, null, null);
    Trainer.of(plain).adam(0.05).batchSize(16).epochs(3).progress(false).fit(blocks(800, 8));
    assertEquals(0, zeros(plain.kernel.value));
  }

  private static int zeros(float[] w) {
    int n = 0;
    for (float v : w) {
      n += v == 0f ? 1 : 0;
    }
    return n;
  }
}
