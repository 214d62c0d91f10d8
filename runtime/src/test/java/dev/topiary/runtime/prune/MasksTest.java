package dev.topiary.runtime.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MasksTest {
  // ---- unstructured ----

  @Test
  void unstructuredMasksMathRoundOfSparsityTimesLength() {
    int[] lengths = {1, 2, 3, 7, 10, 99, 288};
    double[] sparsities = {0, 0.05, 0.1, 0.25, 0.5, 0.55, 0.8, 0.999, 1};
    for (int n : lengths) {
      for (double s : sparsities) {
        float[] mask = new float[n];
        int masked = Masks.unstructured(Weights.gaussian(n, n), s, mask);
        long expected = Math.round(s * n);
        assertEquals(expected, masked, "n " + n + ", sparsity " + s);
        assertEquals(expected, Masks.zeros(mask), "zeros in mask, n " + n + ", sparsity " + s);
      }
    }
  }

  @Test
  void unstructuredRoundsHalfUp() {
    // 0.25 * 10 = 2.5 exactly: Math.round gives 3 (Python's round would give 2).
    assertEquals(3, Masks.unstructured(new float[10], 0.25, new float[10]));
    // 0.5 * 3 = 1.5: 2.
    assertEquals(2, Masks.unstructured(new float[3], 0.5, new float[3]));
  }

  @Test
  void unstructuredMasksTheSmallestMagnitudesLikeBruteForce() {
    for (long seed = 1; seed <= 6; seed++) {
      for (float[] w : new float[][] {Weights.gaussian(seed, 257), Weights.tied(seed, 257)}) {
        for (double s : new double[] {0.1, 0.37, 0.5, 0.9}) {
          float[] mask = new float[w.length];
          int k = Masks.unstructured(w, s, mask);
          boolean[] expected = Weights.smallest(w, k);
          for (int i = 0; i < w.length; i++) {
            assertEquals(expected[i] ? 0f : 1f, mask[i],
                "seed " + seed + ", sparsity " + s + ", weight " + i + " = " + w[i]);
          }
        }
      }
    }
  }

  @Test
  void unstructuredSeparatesNeighbouringFloatsAndSubnormalsAtEveryCount() {
    // Magnitudes that differ only in the last bits, or only in the high ones, so that every digit
    // of the selection decides some cut.
    float[] w = Weights.neighbours(5, 61);
    for (int k = 0; k <= w.length; k++) {
      float[] mask = new float[w.length];
      assertEquals(k, Masks.unstructured(w, k / (double) w.length, mask));
      boolean[] expected = Weights.smallest(w, k);
      for (int i = 0; i < w.length; i++) {
        assertEquals(expected[i] ? 0f : 1f, mask[i], "k " + k + ", weight " + i + " = " + w[i]);
      }
    }
  }

  @Test
  void unstructuredBreaksTiesByLowerIndexFirst() {
    float[] w = {1f, -1f, 1f, 1f, -1f, 1f};
    float[] mask = new float[6];
    assertEquals(3, Masks.unstructured(w, 0.5, mask));
    assertMask(new float[] {0, 0, 0, 1, 1, 1}, mask);

    // +0 and -0 tie; a smaller magnitude later still goes before a tie.
    float[] zeros = {0f, 3f, -0f, 0.5f, 0f};
    assertEquals(3, Masks.unstructured(zeros, 0.6, mask = new float[5]));
    assertMask(new float[] {0, 1, 0, 1, 0}, mask);
    assertEquals(4, Masks.unstructured(zeros, 0.8, mask));
    assertMask(new float[] {0, 1, 0, 0, 0}, mask);
  }

  @Test
  void unstructuredIsDeterministic() {
    float[] w = Weights.tied(9, 1000);
    float[] first = new float[1000];
    float[] second = new float[1000];
    Masks.unstructured(w, 0.6, first);
    Masks.unstructured(w.clone(), 0.6, second);
    assertMask(first, second);
  }

  @Test
  void unstructuredAtZeroSparsityKeepsEverythingAndOverwritesTheMask() {
    float[] mask = new float[50];
    Arrays.fill(mask, 7f);
    assertEquals(0, Masks.unstructured(Weights.tied(3, 50), 0, mask));
    for (float m : mask) {
      assertEquals(1f, m);
    }
    Arrays.fill(mask, 7f);
    assertEquals(50, Masks.unstructured(Weights.gaussian(3, 50), 1, mask));
    for (float m : mask) {
      assertEquals(0f, m);
    }
  }

  @Test
  void unstructuredNeverPrunesNanForBeingSmall() {
    float[] w = {Float.NaN, 0.1f, Float.POSITIVE_INFINITY, -5f};
    float[] mask = new float[4];
    assertEquals(3, Masks.unstructured(w, 0.75, mask));
    assertMask(new float[] {1, 0, 0, 0}, mask);
    // A NaN with the sign bit and a payload: Java 11's Math.abs returns it unchanged.
    float signedNan = Float.intBitsToFloat(0xffc0_0001);
    float[] v = {2f, signedNan, 1f, -3f};
    assertEquals(3, Masks.unstructured(v, 0.75, mask));
    assertMask(new float[] {0, 1, 0, 0}, mask);
  }

  @Test
  void unstructuredOnTheSeedCnnsLargestKernel() {
    // 346,176 weights, the size of the seed CNN's hidden dense layer (5408 x 64 + 64). Only the
    // result is checked; the run's time shows in the test report (a few ms warm), not asserted.
    float[] w = Weights.gaussian(42, 346_176);
    float[] mask = new float[w.length];
    int masked = Masks.unstructured(w, 0.8, mask);
    assertEquals(Math.round(0.8 * w.length), masked);
    float largestMasked = 0;
    float smallestKept = Float.POSITIVE_INFINITY;
    for (int i = 0; i < w.length; i++) {
      if (mask[i] == 0f) {
        largestMasked = Math.max(largestMasked, Math.abs(w[i]));
      } else {
        smallestKept = Math.min(smallestKept, Math.abs(w[i]));
      }
    }
    assertTrue(largestMasked <= smallestKept, largestMasked + " > " + smallestKept);
  }

  @Test
  void unstructuredRejectsBadArguments() {
    assertMessage("Masks.unstructured: sparsity expected a number in [0, 1], found 1.5",
        () -> Masks.unstructured(new float[4], 1.5, new float[4]));
    assertMessage("Masks.unstructured: sparsity expected a number in [0, 1], found NaN",
        () -> Masks.unstructured(new float[4], Double.NaN, new float[4]));
    assertMessage("Masks.unstructured: mask length expected 4, found 3",
        () -> Masks.unstructured(new float[4], 0.5, new float[3]));
  }

  // ---- channels ----

  @Test
  void channelsMasksWholeColumnsOfSmallestNormAndTheirBias() {
    int rows = 18; // a 3x3x2 conv kernel read as 18 x cout
    for (int cols : new int[] {1, 3, 8, 13}) {
      for (double s : new double[] {0, 0.2, 0.5, 0.75, 1}) {
        float[] w = Weights.gaussian(cols * 31L, rows * cols);
        for (int c = 0; c < cols; c++) { // spread the norms so the order is not accidental
          for (int r = 0; r < rows; r++) {
            w[r * cols + c] *= 1 + (c * 7 % cols);
          }
        }
        float[] mask = new float[rows * cols];
        float[] biasMask = new float[cols];
        Arrays.fill(biasMask, 5f);
        int masked = Masks.channels(w, rows, cols, s, mask, biasMask);
        assertEquals(Math.round(s * cols), masked, "cols " + cols + ", sparsity " + s);
        boolean[] expected = smallestColumns(w, rows, cols, masked);
        for (int c = 0; c < cols; c++) {
          float value = expected[c] ? 0f : 1f;
          assertEquals(value, biasMask[c], "bias of column " + c);
          for (int r = 0; r < rows; r++) {
            assertEquals(value, mask[r * cols + c], "row " + r + ", column " + c);
          }
        }
      }
    }
  }

  @Test
  void channelsBreaksTiesByLowerColumnFirst() {
    // 2 x 4, columns 0, 2, 3 have norm 5 (3-4-5), column 1 has norm 10.
    float[] w = {3, 6, -4, 0, 4, 8, 3, 5};
    float[] mask = new float[8];
    float[] biasMask = new float[4];
    assertEquals(2, Masks.channels(w, 2, 4, 0.5, mask, biasMask));
    assertMask(new float[] {0, 1, 0, 1, 0, 1, 0, 1}, mask);
    assertMask(new float[] {0, 1, 0, 1}, biasMask);
  }

  @Test
  void channelsAcceptsNoBias() {
    float[] w = {1, 2, 3, 4, 5, 6};
    float[] mask = new float[6];
    assertEquals(1, Masks.channels(w, 2, 3, 0.34, mask, null));
    assertMask(new float[] {0, 1, 1, 0, 1, 1}, mask);
  }

  @Test
  void channelsRejectsBadArguments() {
    float[] w = new float[6];
    assertMessage("Masks.channels: kernel length expected 8, found 6",
        () -> Masks.channels(w, 2, 4, 0.5, new float[8], null));
    assertMessage("Masks.channels: mask length expected 6, found 5",
        () -> Masks.channels(w, 2, 3, 0.5, new float[5], null));
    assertMessage("Masks.channels: biasMask length expected 3, found 2",
        () -> Masks.channels(w, 2, 3, 0.5, new float[6], new float[2]));
    assertMessage("Masks.channels: cols expected at least 1, found 0",
        () -> Masks.channels(new float[0], 2, 0, 0.5, new float[0], null));
    assertMessage("Masks.channels: sparsity expected a number in [0, 1], found -0.1",
        () -> Masks.channels(w, 2, 3, -0.1, new float[6], null));
  }

  // ---- N of M ----

  @Test
  void nOfMKeepsTheLargestNInEveryGroupOfMRows() {
    int[][] nm = {{2, 4}, {1, 4}, {3, 8}, {1, 2}, {4, 4}};
    for (int[] p : nm) {
      int n = p[0];
      int m = p[1];
      int rows = m * 6;
      int cols = 5;
      for (float[] original : new float[][] {
          Weights.gaussian(m * 10L + n, rows * cols), Weights.tied(m * 10L + n, rows * cols)}) {
        float[] w = original.clone();
        float[] mask = new float[rows * cols];
        int masked = Masks.nOfM(w, rows, cols, n, m, mask);
        assertEquals((m - n) * (rows / m) * cols, masked, n + ":" + m);
        assertEquals(masked, Masks.zeros(mask), n + ":" + m + " zeros in mask");
        Masks.apply(w, mask);
        for (int c = 0; c < cols; c++) {
          for (int g = 0; g < rows / m; g++) {
            float[] group = new float[m];
            for (int r = 0; r < m; r++) {
              group[r] = original[(g * m + r) * cols + c];
            }
            boolean[] kept = Weights.largest(group, n);
            int nonZeros = 0;
            for (int r = 0; r < m; r++) {
              int i = (g * m + r) * cols + c;
              String where = n + ":" + m + ", column " + c + ", group " + g + ", row " + r;
              assertEquals(kept[r] ? 1f : 0f, mask[i], where);
              if (w[i] != 0f) {
                nonZeros++;
              }
            }
            assertTrue(nonZeros <= n, "group has " + nonZeros + " non-zeros, expected <= " + n);
          }
        }
      }
    }
  }

  @Test
  void nOfMBreaksTiesByKeepingTheLowerRow() {
    // 4 x 2, one 2:4 group per column; column 0 all equal, column 1 ties at the cut.
    float[] w = {1, 3, -1, 1, 1, -1, -1, 0};
    float[] mask = new float[8];
    assertEquals(4, Masks.nOfM(w, 4, 2, 2, 4, mask));
    assertMask(new float[] {1, 1, 1, 1, 0, 0, 0, 0}, mask);
  }

  @Test
  void nOfMRejectsRowsNotAMultipleOfM() {
    assertMessage("Masks.nOfM: rows expected a multiple of m = 4, found 6 (remainder 2)",
        () -> Masks.nOfM(new float[12], 6, 2, 2, 4, new float[12]));
  }

  @Test
  void nOfMRejectsBadNAndM() {
    assertMessage("Masks.nOfM: n expected a number in [1, m = 4], found 5",
        () -> Masks.nOfM(new float[8], 4, 2, 5, 4, new float[8]));
    assertMessage("Masks.nOfM: n expected a number in [1, m = 4], found 0",
        () -> Masks.nOfM(new float[8], 4, 2, 0, 4, new float[8]));
    assertMessage("Masks.nOfM: m expected at least 1, found 0",
        () -> Masks.nOfM(new float[8], 4, 2, 2, 0, new float[8]));
    assertMessage("Masks.nOfM: mask length expected 8, found 4",
        () -> Masks.nOfM(new float[8], 4, 2, 2, 4, new float[4]));
  }

  // ---- apply and zeros ----

  @Test
  void applyMakesExactPositiveZerosAndKeepsTheRestBitForBit() {
    float[] w = {-1.5f, 2.25f, -0.125f, 3f, Float.MIN_VALUE, -7f};
    float[] original = w.clone();
    float[] mask = {0, 1, 0, 1, 0, 1};
    Masks.apply(w, mask);
    for (int i = 0; i < w.length; i++) {
      int expected = Float.floatToRawIntBits(mask[i] == 0f ? 0f : original[i]);
      assertEquals(expected, Float.floatToRawIntBits(w[i]), "weight " + i);
    }
    assertEquals(3, Masks.zeros(w));
  }

  @Test
  void applyRejectsAMaskOfAnotherLength() {
    assertMessage("Masks.apply: mask length expected 3, found 2",
        () -> Masks.apply(new float[3], new float[2]));
  }

  @Test
  void zerosCountsBothSignedZeros() {
    assertEquals(3, Masks.zeros(new float[] {0f, -0f, 1f, Float.MIN_VALUE, 0f, Float.NaN}));
    assertEquals(0, Masks.zeros(new float[0]));
  }

  // ---- helpers ----

  /** Brute force: column c is pruned iff fewer than k columns come before it (norm, then index). */
  private static boolean[] smallestColumns(float[] w, int rows, int cols, int k) {
    double[] norm = new double[cols];
    for (int c = 0; c < cols; c++) {
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        sum += (double) w[r * cols + c] * w[r * cols + c];
      }
      norm[c] = Math.sqrt(sum);
    }
    boolean[] pruned = new boolean[cols];
    for (int c = 0; c < cols; c++) {
      int rank = 0;
      for (int d = 0; d < cols; d++) {
        if (norm[d] < norm[c] || (norm[d] == norm[c] && d < c)) {
          rank++;
        }
      }
      pruned[c] = rank < k;
    }
    return pruned;
  }

  private static void assertMask(float[] expected, float[] actual) {
    assertEquals(Arrays.toString(expected), Arrays.toString(actual));
  }

  private static void assertMessage(String message, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertEquals(message, e.getMessage());
  }
}
