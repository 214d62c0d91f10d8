package dev.topiary.runtime.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Tests {@link SparseKernel}: whichever product {@link KernelChoice} picks per call (gather,
 * skipping zero inputs, the batched product by columns, again after a smaller batch) gives the
 * reference; a kernel denser than the threshold is not prepared unless forced.
 */
class SparseKernelTest {
  @Test
  void everyBatchAndInputDensityGivesTheReference() {
    int k = 150;
    int n = 19;
    float[] w = Matrices.exact(1, k, n, 0.15);
    float[] bias = Matrices.exact(2, 1, n, 1);
    SparseKernel kernel = SparseKernel.prepare(w, k, n, false);
    assertNotNull(kernel);
    // Batches below and above BATCHED_MIN_ROWS, then a small one again; sparse and dense inputs.
    int[] batches = {1, 3, KernelChoice.BATCHED_MIN_ROWS, 300, 1};
    long seed = 3;
    for (int m : batches) {
      for (double inputDensity : new double[] {0, 0.1, 0.3, 1}) {
        float[] x = SparseKernelsTest.offset(Matrices.exact(seed++, m, k, inputDensity), 7);
        double[] ref = Matrices.reference(x, 7, w, bias, m, k, n);
        float[] y = new float[m * n];
        kernel.mulAddBias(x, 7, bias, y, m);
        for (int i = 0; i < y.length; i++) {
          assertEquals((float) ref[i], y[i], "batch " + m + " input density " + inputDensity
              + " at " + i);
        }
      }
    }
  }

  @Test
  void aDenseKernelIsPreparedOnlyWhenForced() {
    float[] w = Matrices.exact(4, 20, 10, 0.9);
    assertNull(SparseKernel.prepare(w, 20, 10, false));
    SparseKernel forced = SparseKernel.prepare(w, 20, 10, true);
    assertNotNull(forced);
    assertEquals(CsrMatrix.fromDense(w, 20, 10).nnz(), forced.nnz());
  }
}
