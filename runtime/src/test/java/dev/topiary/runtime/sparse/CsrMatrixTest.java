package dev.topiary.runtime.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Tests {@link CsrMatrix}: the layout, exact round trips, transposes and sizes. */
class CsrMatrixTest {
  static int[] bits(float[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Float.floatToRawIntBits(values[i]);
    }
    return out;
  }

  @Test
  void layoutIsRowPointersColumnsAndValues() {
    float[] w = {
      0, 2, 0, 3,
      0, 0, 0, 0,
      5, 0, 0, 7,
    };
    CsrMatrix m = CsrMatrix.fromDense(w, 3, 4);
    assertArrayEquals(new int[] {0, 2, 2, 4}, m.rowPtr);
    assertArrayEquals(new int[] {1, 3, 0, 3}, m.colIdx);
    assertArrayEquals(new float[] {2, 3, 5, 7}, m.values);
    assertEquals(4, m.nnz());
    assertEquals(0, m.rowLength(1));
    assertEquals(4 / 12.0, m.density());
    assertEquals(4 * 4 + 8 * 4, m.bytes());
    assertEquals("CsrMatrix 3x4, 4 non-zeros (33.3%)", m.toString());
  }

  @Test
  void roundTripIsBitExactExceptNegativeZero() {
    int[] special = {
      0x7fc12345, 0xff800001, // NaNs with payloads
      0x00000001, 0x807fffff, // subnormals
      0x7f800000, 0xff800000, 0x7f7fffff, 0x3eaaaaab, 0x00000000, 0x80000000,
    };
    float[] w = new float[special.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = Float.intBitsToFloat(special[i]);
    }
    CsrMatrix m = CsrMatrix.fromDense(w, 2, 5);
    assertEquals(8, m.nnz(), "both zeros are dropped, NaN is kept");
    int[] expected = special.clone();
    expected[9] = 0; // -0.0 comes back as +0.0
    assertArrayEquals(expected, bits(m.toDense()));
  }

  @Test
  void randomMatricesRoundTripAtEveryDensity() {
    int[][] shapes = {{1, 1}, {1, 7}, {7, 1}, {37, 13}, {64, 64}, {5, 300}};
    for (int[] s : shapes) {
      for (double density : new double[] {0, 0.05, 0.2, 0.5, 1}) {
        float[] w = Matrices.random(s[0] * 31 + s[1], s[0], s[1], density);
        CsrMatrix m = CsrMatrix.fromDense(w, s[0], s[1]);
        assertArrayEquals(bits(w), bits(m.toDense()), s[0] + "x" + s[1] + " at " + density);
        assertArrayEquals(bits(w), bits(SortedCsrMatrix.of(m).toDense()));
        assertEquals(m.nnz(), SortedCsrMatrix.of(m).nnz());
      }
    }
  }

  @Test
  void transposeMatchesTheDenseTranspose() {
    int rows = 37;
    int cols = 13;
    float[] w = Matrices.random(3, rows, cols, 0.3);
    float[] wt = new float[w.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        wt[c * rows + r] = w[r * cols + c];
      }
    }
    CsrMatrix t = CsrMatrix.fromDense(w, rows, cols).transpose();
    assertEquals(cols, t.rows);
    assertEquals(rows, t.cols);
    assertArrayEquals(bits(wt), bits(t.toDense()));
    CsrMatrix expected = CsrMatrix.fromDense(wt, cols, rows);
    assertArrayEquals(expected.rowPtr, t.rowPtr);
    assertArrayEquals(expected.colIdx, t.colIdx, "columns increasing within each row");
    assertArrayEquals(bits(CsrMatrix.fromDense(w, rows, cols).toDense()),
        bits(t.transpose().toDense()));
  }

  @Test
  void emptyShapes() {
    CsrMatrix none = CsrMatrix.fromDense(new float[0], 0, 5);
    assertEquals(0, none.nnz());
    assertEquals(0, none.density());
    assertEquals(0, none.toDense().length);
    assertEquals(5, none.transpose().rows);
    assertEquals(0, CsrMatrix.fromDense(new float[0], 4, 0).transpose().rows);
  }

  @Test
  void wrongShapeSaysWhatWasExpected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CsrMatrix.fromDense(new float[5], 2, 3));
    assertEquals("expected 2 x 3 = 6 values with non-negative dimensions, found 5 values",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CsrMatrix.fromDense(new float[0], -1, 0));
  }
}
