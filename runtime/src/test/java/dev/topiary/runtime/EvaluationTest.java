package dev.topiary.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.inference.Batches;
import org.junit.jupiter.api.Test;

/** Metrics worked out by hand on a three-class example. */
class EvaluationTest {
  /**
   * Six examples, outputs given directly: true 0 0 1 1 2 2, predicted 0 1 1 1 2 0.
   * Ranks of the true class: 0, 1 (0.5 > 0.3), 0, 0, 0, 2 (0.6 and 0.3 above 0.1).
   */
  private static Evaluation sixExamples() {
    float[] outputs = {
        0.7f, 0.2f, 0.1f,
        0.3f, 0.5f, 0.2f,
        0.1f, 0.8f, 0.1f,
        0.2f, 0.7f, 0.1f,
        0.1f, 0.1f, 0.8f,
        0.6f, 0.3f, 0.1f};
    int[] labels = {0, 0, 1, 1, 2, 2};
    Dataset data = Dataset.of(new float[6], labels, 1);
    return Batches.evaluate((x, off, n) -> {
      float[] out = new float[n * 3];
      System.arraycopy(outputs, off * 3, out, 0, n * 3);
      return out;
    }, (p, l, lo, n) -> 0.0, data, 1, 3, 4);
  }

  @Test
  void confusionTopKAndPerClassFigures() {
    Evaluation e = sixExamples();
    assertArrayEquals(new int[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}}, e.confusionMatrix());
    assertEquals(4, e.correct());
    assertEquals(4.0 / 6, e.topK(1), 1e-12);
    assertEquals(5.0 / 6, e.topK(2), 1e-12);
    assertEquals(1.0, e.topK(3), 1e-12);
    // class 0: predicted 0 twice (one right): precision 1/2; of two 0s one found: recall 1/2
    assertEquals(0.5, e.precision(0), 1e-12);
    assertEquals(0.5, e.recall(0), 1e-12);
    // class 1: predicted 1 three times, two right: 2/3; both 1s found: 1
    assertEquals(2.0 / 3, e.precision(1), 1e-12);
    assertEquals(1.0, e.recall(1), 1e-12);
    assertEquals(0.8, e.f1(1), 1e-12); // 2 * (2/3) * 1 / (5/3)
    String stats = e.stats();
    assertTrue(stats.contains("Accuracy:        0.6667"), stats);
    assertTrue(stats.contains("Recall:          0.6667"), stats); // (0.5 + 1 + 0.5) / 3
    assertTrue(stats.contains("   1   0   1 | 2"), stats);
  }

  @Test
  void refusesLabelsOutsideTheOutputsAndMetricsNotRecorded() {
    Dataset bad = Dataset.of(new float[2], new int[] {0, 3}, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Batches.evaluate((x, off, n) -> new float[n * 3], (p, l, lo, n) -> 0.0, bad, 1, 3,
            4));
    assertTrue(e.getMessage().contains("found 3 at example 1"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> new Evaluation(0, 1, 2).topK(1));
    assertThrows(IllegalArgumentException.class, () -> sixExamples().topK(4));
  }

  @Test
  void predictingNullSaysWhatWasMissing() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Batches.predictOne((x, off, n) -> new float[3], "Tiny", new int[] {1}, 1, 3, null,
            new float[3]));
    assertTrue(e.getMessage().contains("Tiny.predict") && e.getMessage().contains("no input"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Batches.predict((x, off, n) -> new float[3], "Tiny", 1, 3, new float[2], 2, null, 4));
    assertTrue(e.getMessage().contains("no output array"), e.getMessage());
  }
}
