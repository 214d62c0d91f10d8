package dev.topiary.runtime.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.kernels.MatMul;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Tests the four products of {@link SparseKernels} against the plain loop of {@link Matrices}
 * and against the dense {@link MatMul#mulAddBias}: exactly on data whose sums are exact, within
 * the summation bound of {@link Tolerances} on random data; over odd shapes, tile edges, empty
 * rows and columns, all-zero inputs, densities 0 to 1 and non-zero offsets.
 */
class SparseKernelsTest {
  /** A value no kernel writes: shows which entries of {@code y} were left alone. */
  static final float UNTOUCHED = -12345f;

  /** One of the products, over a dense kernel that it converts to its own format. */
  interface Product {
    void run(float[] x, int xOff, float[] w, int k, int n, float[] bias, float[] y, int yOff,
        int m);
  }

  /** The batch-1 variants applied row by row, the batched one at once. */
  static final Product GATHER = (x, xOff, w, k, n, bias, y, yOff, m) -> {
    CsrMatrix wT = CsrMatrix.fromDense(w, k, n).transpose();
    for (int i = 0; i < m; i++) {
      SparseKernels.mulAddBiasGather(x, xOff + i * k, wT, bias, y, yOff + i * n);
    }
  };
  static final Product SKIP_ZEROS = (x, xOff, w, k, n, bias, y, yOff, m) -> {
    SortedCsrMatrix sorted = SortedCsrMatrix.of(CsrMatrix.fromDense(w, k, n));
    SparseWorkspace ws = new SparseWorkspace(k, n);
    for (int i = 0; i < m; i++) {
      SparseKernels.mulAddBiasSkipZeros(x, xOff + i * k, sorted, bias, y, yOff + i * n, ws);
    }
  };
  static final Product BATCHED = (x, xOff, w, k, n, bias, y, yOff, m) ->
      SparseKernels.mulAddBias(x, xOff, CsrMatrix.fromDense(w, k, n), bias, y, yOff, m,
          new SparseWorkspace(0, n));
  static final Product BY_COLUMNS = (x, xOff, w, k, n, bias, y, yOff, m) ->
      SparseKernels.mulAddBiasByColumns(x, xOff, BlockedCscMatrix.fromDense(w, k, n), bias, y,
          yOff, m, new SparseWorkspace(Math.min(k, BlockedCscMatrix.BLOCK_ROWS), n));
  static final Product[] PRODUCTS = {GATHER, SKIP_ZEROS, BATCHED, BY_COLUMNS};
  static final String[] NAMES = {"gather", "skipZeros", "batched", "byColumns"};

  /**
   * {m, k, n}: single cells, odd sizes, feature blocks of 16 and a part, column blocks of 64 and
   * a part (with a remainder of 1 to 3 features after groups of four), one tile of 256 and a row
   * on either side, several tiles.
   */
  static final int[][] SHAPES = {
    {1, 1, 1}, {1, 37, 13}, {3, 5, 2}, {7, 1, 9}, {2, 9, 1}, {31, 37, 13}, {32, 64, 64},
    {33, 16, 13}, {65, 100, 17}, {255, 7, 3}, {256, 20, 6}, {257, 33, 5}, {513, 9, 4},
    {2, 5408, 64}, {3, 64, 5}, {33, 65, 7}, {5, 130, 64}, {2, 131, 3}, {1, 67, 2},
  };

  /** Runs {@code product} into a buffer of sentinels at offset {@code yOff}; checks the rest. */
  static float[] run(Product product, float[] x, int xOff, float[] w, int k, int n, float[] bias,
      int m, int yOff) {
    float[] y = new float[yOff + m * n + 3];
    Arrays.fill(y, UNTOUCHED);
    product.run(x, xOff, w, k, n, bias, y, yOff, m);
    for (int i = 0; i < y.length; i++) {
      if (i < yOff || i >= yOff + m * n) {
        assertEquals(UNTOUCHED, y[i], "wrote outside its output at " + i);
      }
    }
    return Arrays.copyOfRange(y, yOff, yOff + m * n);
  }

  /** {@code x} padded with {@code xOff} leading values (NaN: they must not be read). */
  static float[] offset(float[] x, int xOff) {
    float[] padded = new float[xOff + x.length];
    Arrays.fill(padded, 0, xOff, Float.NaN);
    System.arraycopy(x, 0, padded, xOff, x.length);
    return padded;
  }

  static float[] dense(float[] x, int xOff, float[] w, float[] bias, int m, int k, int n) {
    float[] y = new float[m * n];
    MatMul.mulAddBias(x, xOff, w, bias, y, m, k, n);
    return y;
  }

  @Test
  void exactDataGivesTheReferenceBitForBit() {
    long seed = 1;
    for (int[] s : SHAPES) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      for (double density : new double[] {0, 0.05, 0.2, 0.5, 1}) {
        for (double zeros : new double[] {0, 0.75, 1}) {
          float[] w = Matrices.exact(seed++, k, n, density);
          float[] bias = Matrices.exact(seed++, 1, n, 1);
          float[] x = offset(Matrices.exact(seed++, m, k, 1 - zeros), 3);
          double[] ref = Matrices.reference(x, 3, w, bias, m, k, n);
          float[] fromDense = dense(x, 3, w, bias, m, k, n);
          for (int v = 0; v < PRODUCTS.length; v++) {
            float[] y = run(PRODUCTS[v], x, 3, w, k, n, bias, m, 5);
            for (int i = 0; i < y.length; i++) {
              String where = NAMES[v] + " " + m + "x" + k + "x" + n + " density " + density
                  + " zeros " + zeros + " at " + i;
              assertEquals((float) ref[i], y[i], where);
              assertEquals(fromDense[i], y[i], where + " (dense kernel)");
            }
          }
        }
      }
    }
  }

  @Test
  void randomDataIsWithinTheSummationBound() {
    long seed = 100;
    for (int[] s : SHAPES) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      for (double density : new double[] {0.1, 0.5, 1}) {
        float[] w = Matrices.random(seed++, k, n, density);
        float[] bias = Matrices.random(seed++, 1, n, 1);
        float[] x = Matrices.relu(seed++, m * k, 0.5);
        double[] ref = Matrices.reference(x, 0, w, bias, m, k, n);
        double[] scale = Matrices.magnitudes(x, 0, w, bias, m, k, n);
        float[] fromDense = dense(x, 0, w, bias, m, k, n);
        for (int v = 0; v < PRODUCTS.length; v++) {
          float[] y = run(PRODUCTS[v], x, 0, w, k, n, bias, m, 0);
          for (int i = 0; i < y.length; i++) {
            double bound = Tolerances.productSum(k, scale[i]);
            String where = NAMES[v] + " " + m + "x" + k + "x" + n + " at " + i;
            assertTrue(Math.abs(y[i] - ref[i]) <= bound,
                where + ": " + y[i] + " vs " + ref[i] + ", bound " + bound);
            assertTrue(Math.abs(y[i] - fromDense[i]) <= 2 * bound,
                where + ": " + y[i] + " vs dense " + fromDense[i]);
          }
        }
      }
    }
  }

  @Test
  void emptyRowsAndColumnsAndNoBias() {
    int m = 35;
    int k = 40;
    int n = 12;
    float[] w = Matrices.exact(7, k, n, 0.6);
    for (int p = 0; p < k; p += 3) {
      Arrays.fill(w, p * n, p * n + n, 0f); // every third input unused
    }
    for (int p = 0; p < k; p++) {
      w[p * n + 4] = 0f; // output 4 has no weights: it is its bias, here 0
      w[p * n + n - 1] = 0f;
    }
    float[] x = Matrices.exact(8, m, k, 0.7);
    double[] ref = Matrices.reference(x, 0, w, null, m, k, n);
    for (int v = 0; v < PRODUCTS.length; v++) {
      float[] y = run(PRODUCTS[v], x, 0, w, k, n, null, m, 2);
      for (int i = 0; i < y.length; i++) {
        assertEquals((float) ref[i], y[i], NAMES[v] + " at " + i);
      }
      assertEquals(0f, y[4], NAMES[v]);
    }
  }

  @Test
  void allZeroInputGivesTheBias() {
    float[] w = Matrices.random(9, 50, 6, 0.5);
    float[] bias = {1, -2, 3, -4, 5, -0f};
    for (int v = 0; v < PRODUCTS.length; v++) {
      float[] y = run(PRODUCTS[v], new float[40 * 50], 0, w, 50, 6, bias, 40, 1);
      for (int i = 0; i < y.length; i++) {
        // Delta 0 lets -0.0 equal +0.0: the gather adds the terms 0 * w = +-0 to the bias -0.0.
        assertEquals(bias[i % 6], y[i], 0.0, NAMES[v] + " at " + i);
      }
    }
  }

  @Test
  void prunedWeightsIgnoreNonFiniteInputs() {
    // Input 1 is NaN and input 2 infinite, but only input 0 has weights.
    float[] w = {2, 3, 0, 0, 0, 0};
    float[] x = {1, Float.NaN, Float.POSITIVE_INFINITY};
    for (int v = 0; v < PRODUCTS.length; v++) {
      float[] y = run(PRODUCTS[v], x, 0, w, 3, 2, null, 1, 0);
      assertEquals(2f, y[0], NAMES[v]);
      assertEquals(3f, y[1], NAMES[v]);
    }
  }

  @Test
  void aWorkspaceServesSmallerProductsAfterLargerOnes() {
    SparseWorkspace ws = new SparseWorkspace(64, 20);
    float[] big = Matrices.exact(1, 64, 20, 0.5);
    float[] small = Matrices.exact(2, 10, 3, 0.5);
    float[] xBig = Matrices.exact(3, 40, 64, 1);
    float[] xSmall = Matrices.exact(4, 5, 10, 1);
    float[] y = new float[40 * 20];
    SparseKernels.mulAddBias(xBig, 0, CsrMatrix.fromDense(big, 64, 20), null, y, 0, 40, ws);
    SparseKernels.mulAddBiasSkipZeros(xBig, 0, SortedCsrMatrix.of(CsrMatrix.fromDense(big, 64, 20)),
        null, y, 0, ws);
    float[] ySmall = new float[5 * 3];
    SparseKernels.mulAddBias(xSmall, 0, CsrMatrix.fromDense(small, 10, 3), null, ySmall, 0, 5, ws);
    double[] ref = Matrices.reference(xSmall, 0, small, null, 5, 10, 3);
    for (int i = 0; i < ySmall.length; i++) {
      assertEquals((float) ref[i], ySmall[i]);
    }
    SparseKernels.mulAddBiasSkipZeros(xSmall, 10, SortedCsrMatrix.of(CsrMatrix.fromDense(small, 10,
        3)), null, ySmall, 3, ws);
    for (int j = 0; j < 3; j++) {
      assertEquals((float) ref[3 + j], ySmall[3 + j]);
    }
  }

  @Test
  void aWorkspaceTooSmallSaysWhatWasExpected() {
    CsrMatrix w = CsrMatrix.fromDense(new float[6 * 4], 6, 4);
    SparseWorkspace ws = new SparseWorkspace(5, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparseKernels.mulAddBias(new float[6], 0, w, null, new float[4], 0, 1, ws));
    assertEquals("SparseKernels.mulAddBias: expected a workspace for a 0 x 4 kernel, found one for "
        + "at most 5 x 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SparseKernels.mulAddBiasByColumns(
        new float[6], 0, BlockedCscMatrix.fromDense(new float[6 * 4], 6, 4), null, new float[4], 0,
        1, ws));
    assertEquals("SparseKernels.mulAddBiasByColumns: expected a workspace for a 6 x 4 kernel, "
        + "found one for at most 5 x 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SparseKernels.mulAddBiasSkipZeros(
        new float[6], 0, SortedCsrMatrix.of(w), null, new float[4], 0, ws));
    assertEquals("SparseKernels.mulAddBiasSkipZeros: expected a workspace for a 6 x 0 kernel, "
        + "found one for at most 5 x 3", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SparseWorkspace(-1, 0));
  }
}
