package dev.topiary.runtime.sparse;

import static dev.topiary.runtime.sparse.KernelChoice.Kernel.DENSE;
import static dev.topiary.runtime.sparse.KernelChoice.Kernel.SPARSE_BATCHED;
import static dev.topiary.runtime.sparse.KernelChoice.Kernel.SPARSE_GATHER;
import static dev.topiary.runtime.sparse.KernelChoice.Kernel.SPARSE_SKIP_ZEROS;
import static dev.topiary.runtime.KernelMode.AUTO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.topiary.runtime.KernelMode;
import org.junit.jupiter.api.Test;

/** Tests {@link KernelChoice}: the measured table's choices, the thresholds' edges, forcing. */
class KernelChoiceTest {
  /** Post-ReLU inputs of the seed CNN's hidden layer: 55% zeros in the benchmark. */
  static final double REAL_INPUTS = 0.45;

  @Test
  void choosesWhatMeasuredFastestForTheSeedLayer() {
    // The table of KernelChoice: dense at 0% and 50% sparsity, sparse from 80% on.
    for (int batch : new int[] {1, 32}) {
      assertEquals(DENSE, KernelChoice.dense(AUTO, 1.0, batch, REAL_INPUTS));
      assertEquals(DENSE, KernelChoice.dense(AUTO, 0.5, batch, REAL_INPUTS));
      assertEquals(DENSE, KernelChoice.dense(AUTO, 0.3, batch, 1.0));
    }
    assertEquals(SPARSE_SKIP_ZEROS, KernelChoice.dense(AUTO, 0.2, 1, REAL_INPUTS));
    assertEquals(SPARSE_GATHER, KernelChoice.dense(AUTO, 0.1, 1, REAL_INPUTS));
    assertEquals(SPARSE_SKIP_ZEROS, KernelChoice.dense(AUTO, 0.1, 1, 0.25));
    assertEquals(SPARSE_GATHER, KernelChoice.dense(AUTO, 0.05, 1, 0.25));
    assertEquals(SPARSE_GATHER, KernelChoice.dense(AUTO, 0.2, 1, 1.0));
    assertEquals(SPARSE_SKIP_ZEROS, KernelChoice.dense(AUTO, 0.2, 8, REAL_INPUTS));
    assertEquals(SPARSE_BATCHED, KernelChoice.dense(AUTO, 0.2, 32, REAL_INPUTS));
    assertEquals(SPARSE_BATCHED, KernelChoice.dense(AUTO, 0.05, 256, 1.0));
  }

  @Test
  void thresholdsAreInclusive() {
    double edge = KernelChoice.SPARSE_MAX_WEIGHT_DENSITY;
    assertEquals(SPARSE_GATHER, KernelChoice.dense(AUTO, edge, 1, 1.0));
    assertEquals(DENSE, KernelChoice.dense(AUTO, Math.nextUp(edge), 1, 1.0));
    int rows = KernelChoice.BATCHED_MIN_ROWS;
    assertEquals(SPARSE_BATCHED, KernelChoice.dense(AUTO, 0.2, rows, 1.0));
    assertEquals(SPARSE_GATHER, KernelChoice.dense(AUTO, 0.2, rows - 1, 1.0));
    assertEquals(0.2, edge); // the table's boundary: 80% sparsity
    double input = KernelChoice.SKIP_ZEROS_MAX_INPUT_DENSITY;
    assertEquals(SPARSE_SKIP_ZEROS, KernelChoice.dense(AUTO, 0.2, 1, input));
    assertEquals(SPARSE_GATHER, KernelChoice.dense(AUTO, 0.2, 1, Math.nextUp(input)));
    assertEquals(DENSE, KernelChoice.dense(AUTO, Math.nextUp(edge), 1, input));
    assertEquals(DENSE, KernelChoice.dense(AUTO, Math.nextUp(edge), rows, input));
    assertEquals(SPARSE_BATCHED, KernelChoice.dense(AUTO, edge, rows, input));
    double perWeight = KernelChoice.SKIP_ZEROS_INPUT_PER_WEIGHT;
    assertEquals(SPARSE_SKIP_ZEROS, KernelChoice.dense(AUTO, 0.125, 1, perWeight * 0.125));
    assertEquals(SPARSE_GATHER, KernelChoice.dense(AUTO, 0.125, 1, Math.nextUp(perWeight * 0.125)));
  }

  @Test
  void aUserCanForceEitherWay() {
    assertEquals(DENSE, KernelChoice.dense(KernelMode.DENSE, 0.01, 256, 0.1));
    assertEquals(SPARSE_BATCHED, KernelChoice.dense(KernelMode.SPARSE, 1.0, 64, 1.0));
    assertEquals(SPARSE_SKIP_ZEROS, KernelChoice.dense(KernelMode.SPARSE, 0.9, 1, 0.2));
    assertEquals(SPARSE_GATHER, KernelChoice.dense(KernelMode.SPARSE, 0.9, 1, 0.9));
    assertEquals(false, KernelChoice.sparse(KernelMode.DENSE, 0.0));
    assertEquals(true, KernelChoice.sparse(KernelMode.SPARSE, 1.0));
  }

  @Test
  void theAutoRuleIsOneThresholdForEveryLayer() {
    double edge = KernelChoice.sparseMaxWeightDensity();
    assertEquals(true, KernelChoice.sparse(AUTO, edge));
    assertEquals(false, KernelChoice.sparse(AUTO, Math.nextUp(edge)));
    assertEquals(false, KernelChoice.sparse(AUTO, 0.9));
    // SparseKernel.prepare follows the same rule: a kernel just past the edge stays dense
    float[] kernel = new float[100];
    for (int i = 0; i < 21; i++) {
      kernel[i] = 1f;
    }
    assertEquals(null, SparseKernel.prepare(kernel, 10, 10, false));
    assertEquals(false, SparseKernel.prepare(kernel, 10, 10, true) == null);
  }

  @Test
  void observedDensity() {
    float[] x = {9, 0, 1, -0f, 0, 2, Float.NaN, 9};
    assertEquals(0.5, KernelChoice.density(x, 1, 6));
    assertEquals(0, KernelChoice.density(x, 3, 0));
  }

  @Test
  void badArgumentsSayWhatWasExpected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KernelChoice.dense(AUTO, 1.5, 0, Double.NaN));
    assertEquals("expected a mode, densities in [0, 1] and a batch of at least 1, found mode AUTO,"
        + " weight density 1.5, batch 0, input density NaN", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> KernelChoice.dense(null, 0.5, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> KernelChoice.dense(AUTO, -0.1, 1, 1));
  }
}
