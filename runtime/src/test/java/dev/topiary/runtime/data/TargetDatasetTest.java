package dev.topiary.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.Loss;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Dataset#ofTargets}: wrapping, rows, slices, batching, and the checks against a model. */
class TargetDatasetTest {
  @Test
  void wrapsSlicesAndBatchesTargets() {
    float[] x = {0, 1, 2, 3, 4, 5};
    float[] t = {10, 11, 20, 21, 30, 31};
    Dataset d = Dataset.ofTargets(x, t, 2, 2);
    assertTrue(d.hasTargets());
    assertEquals(3, d.size());
    assertEquals(2, d.targetSize());
    Dataset tail = d.slice(1, 3);
    float[] row = new float[2];
    tail.copyTargets(0, row, 0);
    assertArrayEquals(new float[] {20, 21}, row);
    assertEquals(2, tail.targetOffset());
    assertThrows(IllegalStateException.class, () -> d.label(0));
    assertThrows(IllegalStateException.class,
        () -> Dataset.of(x, new int[] {0, 1, 2}, 2).copyTargets(0, row, 0));

    Batcher b = new Batcher(d, 2, 7);
    b.startEpoch(1);
    float[] bx = new float[4];
    float[] bt = new float[4];
    Set<Float> seen = new HashSet<>();
    for (int n; (n = b.next(bx, bt)) > 0; ) {
      for (int k = 0; k < n; k++) {
        assertEquals(bx[2 * k] * 5 + 10, bt[2 * k], "targets travel with their example");
        assertEquals(bt[2 * k] + 1, bt[2 * k + 1]);
        seen.add(bt[2 * k]);
      }
    }
    assertEquals(Set.of(10f, 20f, 30f), seen);
  }

  @Test
  void rowsAreCopiedAndMustAgree() {
    Dataset d = Dataset.ofTargets(new float[][] {{1, 2}, {3, 4}}, new float[][] {{5}, {6}});
    assertEquals(2, d.exampleSize());
    assertArrayEquals(new float[] {3, 4}, d.example(1));
    assertEquals(6f, d.targets()[1]);
    assertEquals("expected target rows of 1 values, found 2 values at row 1",
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofTargets(
            new float[][] {{1}, {2}}, new float[][] {{5}, {6, 7}})).getMessage());
    assertEquals("expected as many target rows as input rows, at least one, found 2 inputs and "
        + "1 targets", assertThrows(IllegalArgumentException.class, () -> Dataset.ofTargets(
            new float[][] {{1}, {2}}, new float[][] {{5}})).getMessage());
    assertEquals("expected 2 examples of 3 values = 6 features (as many examples as the 2 "
        + "targets of 1 hold), found 5", assertThrows(IllegalArgumentException.class,
            () -> Dataset.ofTargets(new float[5], new float[2], 3, 1)).getMessage());
    assertEquals("expected whole examples of 2 targets, found 3 targets",
        assertThrows(IllegalArgumentException.class,
            () -> Dataset.ofTargets(new float[3], new float[3], 1, 2)).getMessage());
  }

  @Test
  void checksTargetsAgainstTheModel() {
    Dataset d = Dataset.ofTargets(new float[] {1, 2}, new float[] {0.5f, Float.POSITIVE_INFINITY},
        1, 1);
    ExampleShape.checkOutputs("M", Loss.MEAN_SQUARED_ERROR, 1, d.slice(0, 1), "training");
    assertEquals("M: the training set's example 1 has target Infinity at output 0; expected a "
        + "finite value", assertThrows(IllegalArgumentException.class,
            () -> ExampleShape.checkOutputs("M", Loss.MEAN_SQUARED_ERROR, 1, d, "training"))
            .getMessage());
    assertEquals("M has 2 outputs; expected 2 targets per example in the validation set, found 1",
        assertThrows(IllegalArgumentException.class, () -> ExampleShape.checkOutputs("M",
            Loss.BINARY_CROSSENTROPY, 2, d, "validation")).getMessage());
    Dataset labels = Dataset.of(new float[] {1}, new int[] {0}, 1);
    ExampleShape.checkOutputs("M", Loss.SPARSE_CATEGORICAL_CROSSENTROPY, 2, labels, "training");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ExampleShape.checkOutputs("M",
        Loss.SPARSE_CATEGORICAL_CROSSENTROPY, 2, d, "training")).getMessage()
        .contains("M is trained on class labels"));
  }
}
