package dev.topiary.runtime.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tests {@link SortedCsrMatrix}: rows shortest first, stable, the same entries. */
class SortedCsrMatrixTest {
  @Test
  void rowsAreStoredShortestFirstAndStably() {
    float[] w = {
      1, 2, 3,
      0, 0, 0,
      4, 0, 0,
      0, 5, 6,
      0, 0, 7,
    };
    SortedCsrMatrix s = SortedCsrMatrix.of(CsrMatrix.fromDense(w, 5, 3));
    assertArrayEquals(new int[] {1, 2, 4, 3, 0}, s.rowOrder);
    assertArrayEquals(new int[] {0, 0, 1, 2, 4, 7}, s.rowPtr);
    assertArrayEquals(new int[] {0, 2, 1, 2, 0, 1, 2}, s.colIdx);
    assertArrayEquals(new float[] {4, 7, 5, 6, 1, 2, 3}, s.values);
    assertEquals(7, s.nnz());
    assertEquals(4 * 11 + 8 * 7, s.bytes());
  }

  @Test
  void randomMatrixKeepsEveryEntry() {
    float[] w = Matrices.random(11, 200, 40, 0.2);
    SortedCsrMatrix s = SortedCsrMatrix.of(CsrMatrix.fromDense(w, 200, 40));
    assertArrayEquals(CsrMatrixTest.bits(w), CsrMatrixTest.bits(s.toDense()));
    for (int t = 1; t < s.rows; t++) {
      int previous = s.rowPtr[t] - s.rowPtr[t - 1];
      int length = s.rowPtr[t + 1] - s.rowPtr[t];
      assertTrue(previous < length || previous == length && s.rowOrder[t - 1] < s.rowOrder[t]);
    }
  }
}
