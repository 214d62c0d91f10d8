package dev.topiary.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Layer;
import dev.topiary.runtime.internal.DenseHandle;
import dev.topiary.runtime.internal.LayerHandle;
import dev.topiary.runtime.Parameter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sparsity figures of real layer handles: per-layer counts, channels removed, the summary column. */
class SparsityReportTest {
  /** A 4 -> 3 dense layer whose unit 1 is all zero and one more weight is zero: 5 of 12. */
  private static DenseHandle prunedDense() {
    Parameter kernel = new Parameter("d/kernel", 12);
    Parameter bias = new Parameter("d/bias", 3);
    for (int i = 0; i < 12; i++) {
      kernel.value[i] = i % 3 == 1 ? 0f : i + 1;
    }
    kernel.value[0] = 0f;
    return new DenseHandle("d", kernel, bias, 4, 3);
  }

  @Test
  void countsNonZeroWeightsAndWholeRemovedChannels() {
    DenseHandle d = prunedDense();
    assertEquals(12, d.kernelSize());
    assertEquals(7, d.nonZeroWeights());
    assertEquals(5.0 / 12, d.sparsity(), 1e-12);
    assertEquals(1, d.channelsRemoved());
  }

  @Test
  void summaryShowsASparsityColumnOnlyWhenAKernelHasZeros() {
    List<Layer> sparse = Arrays.asList(new LayerHandle("flat", "Flatten", 4), prunedDense());
    String text = Summary.of("Sparse", sparse);
    assertTrue(text.contains("Sparsity"), text);
    assertTrue(text.contains("41.67%"), text);
    Parameter kernel = new Parameter("e/kernel", 4);
    Arrays.fill(kernel.value, 1f);
    String dense = Summary.of("Dense", Arrays.asList(
        new DenseHandle("e", kernel, null, 2, 2)));
    assertFalse(dense.contains("Sparsity"), dense);
  }
}
