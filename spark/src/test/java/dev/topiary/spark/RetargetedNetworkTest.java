package dev.topiary.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.Structure;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.TrainingRule;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.prune.KernelPruning;
import dev.topiary.samples.VariantRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep's retargeted @Prune schedules, checked on the trained kernels' zeros. */
class RetargetedNetworkTest {
  @Test
  void unstructuredKernelsEndExactlyAtTheTarget() throws Exception {
    Dataset train = MnistSlice.mnist().train().slice(0, 320);
    Network original = VariantRun.build("pruned", 7);
    Network net = RetargetedNetwork.of(original, 0.6, 10);
    VariantRun.train(net, train, 1, 32, 1);
    for (TrainingRule rule : net.trainingRules()) {
      KernelPruning p = (KernelPruning) rule;
      assertEquals(0.6, p.schedule().target());
      assertTrue(p.schedule().endStep() <= 10, p.schedule().toString());
      float[] w = p.kernel().value;
      int zeros = 0;
      for (float v : w) {
        zeros += v == 0f ? 1 : 0;
      }
      assertEquals(Math.round(0.6 * w.length), zeros, 1.0, p.layer());
    }
    // The generated network keeps its declared schedules.
    for (TrainingRule rule : original.trainingRules()) {
      assertEquals(0.8, ((KernelPruning) rule).schedule().target());
    }
  }

  @Test
  void channelSchedulesRemoveOneMinusRootOfTheKeptShare() throws Exception {
    Dataset train = MnistSlice.mnist().train().slice(0, 320);
    Network net = RetargetedNetwork.of(VariantRun.build("structured", 7), 0.75, 10);
    VariantRun.train(net, train, 1, 32, 1);
    List<TrainingRule> rules = net.trainingRules();
    assertEquals(2, rules.size());
    for (TrainingRule rule : rules) {
      KernelPruning p = (KernelPruning) rule;
      assertSame(Structure.CHANNELS, p.structure());
      assertEquals(0.5, p.schedule().target(), 1e-12); // 1 - sqrt(1 - 0.75)
      int cols = p.kernelMask().length / (p.layer().equals("conv") ? 9 : 5408);
      int zeroColumns = 0;
      for (int c = 0; c < cols; c++) {
        boolean zero = true;
        for (int r = 0; r < p.kernel().value.length / cols; r++) {
          zero &= p.kernel().value[r * cols + c] == 0f;
        }
        zeroColumns += zero ? 1 : 0;
      }
      assertEquals(cols / 2, zeroColumns, p.layer());
    }
  }

  @Test
  void rulesOtherThanPruningAreKept() {
    Network net = VariantRun.build("l1-proximal", 1);
    Network retargeted = RetargetedNetwork.of(net, 0.9, 100);
    assertEquals(net.trainingRules(), retargeted.trainingRules());
    assertThrows(IllegalArgumentException.class, () -> RetargetedNetwork.of(net, 1.0, 100));
    assertThrows(IllegalArgumentException.class, () -> RetargetedNetwork.of(net, 0.5, 0));
  }

  @Test
  void localMastersGetRetries() {
    assertEquals("local[2,4]", SparkSetup.withRetries("local[2]", 4));
    assertEquals("local[*,3]", SparkSetup.withRetries("local[*]", 3));
    assertEquals("local[1,4]", SparkSetup.withRetries("local", 4));
    assertEquals("local[2,2]", SparkSetup.withRetries("local[2,2]", 4));
    assertEquals("yarn", SparkSetup.withRetries("yarn", 4));
  }
}
