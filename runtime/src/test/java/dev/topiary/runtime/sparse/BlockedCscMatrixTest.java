package dev.topiary.runtime.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Tests {@link BlockedCscMatrix}: the layout by block and column, and the exact round trip. */
class BlockedCscMatrixTest {
  @Test
  void entriesAreStoredByBlockThenColumnThenRow() {
    int k = BlockedCscMatrix.BLOCK_ROWS + 2;
    float[] w = new float[k * 2];
    w[0 * 2 + 1] = 1; // row 0, column 1
    w[3 * 2 + 0] = 2; // row 3, column 0
    w[5 * 2 + 1] = -0f; // not stored
    w[7 * 2 + 1] = 3; // row 7, column 1
    w[(k - 1) * 2 + 0] = 4; // second block, its row 1, column 0
    BlockedCscMatrix m = BlockedCscMatrix.fromDense(w, k, 2);
    assertArrayEquals(new int[] {0, 1, 3, 4, 4}, m.colPtr);
    assertArrayEquals(new int[] {3, 0, 7, 1}, m.rowInBlock);
    assertArrayEquals(new float[] {2, 1, 3, 4}, m.values);
    assertEquals(4, m.nnz());
  }

  @Test
  void roundTripIsExactAtAnyDensity() {
    int[][] shapes = {{0, 3}, {1, 1}, {63, 5}, {64, 64}, {65, 7}, {200, 13}};
    for (int[] s : shapes) {
      for (double density : new double[] {0, 0.1, 0.5, 1}) {
        float[] w = Matrices.random(s[0] * 31 + s[1], s[0], s[1], density);
        float[] back = BlockedCscMatrix.fromDense(w, s[0], s[1]).toDense();
        assertArrayEquals(CsrMatrixTest.bits(w), CsrMatrixTest.bits(back),
            s[0] + "x" + s[1] + " density " + density);
      }
    }
  }

  @Test
  void aWrongShapeSaysWhatWasExpected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BlockedCscMatrix.fromDense(new float[5], 2, 3));
    assertEquals("expected 2 x 3 = 6 values with non-negative dimensions, found 5 values",
        e.getMessage());
  }
}
