package dev.topiary.runtime.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobalPruningTest {
  @Test
  void zeroesTheGloballySmallestLikeBruteForce() {
    for (long seed = 1; seed <= 4; seed++) {
      for (double s : new double[] {0.1, 0.5, 0.73, 0.95}) {
        List<float[]> original = kernels(seed);
        float[] all = concat(original);
        int k = (int) Math.round(s * all.length);
        boolean[] expected = Weights.smallest(all, k); // concatenation: kernel order, then index

        List<float[]> pruned = copies(original);
        long[] counts = GlobalPruning.prune(pruned, s);

        long[] expectedCounts = new long[original.size()];
        int position = 0;
        for (int kernel = 0; kernel < original.size(); kernel++) {
          for (int i = 0; i < original.get(kernel).length; i++, position++) {
            float before = original.get(kernel)[i];
            float after = pruned.get(kernel)[i];
            String where = "seed " + seed + ", sparsity " + s + ", kernel " + kernel + ", i " + i;
            if (expected[position]) {
              expectedCounts[kernel]++;
              assertEquals(0, Float.floatToRawIntBits(after), where + ": exactly +0");
            } else {
              assertEquals(Float.floatToRawIntBits(before), Float.floatToRawIntBits(after), where);
            }
          }
        }
        assertArrayEquals(expectedCounts, counts, "seed " + seed + ", sparsity " + s);
        assertEquals(k, Arrays.stream(counts).sum());
      }
    }
  }

  @Test
  void oneThresholdPrunesTheSmallScaledKernelMost() {
    // |small| < 0.1 <= |large|: layer by layer, half of each would go; globally, all of small.
    float[] small = scaled(Weights.gaussian(1, 400), 0.01f);
    float[] large = Weights.gaussian(2, 400);
    for (int i = 0; i < large.length; i++) {
      large[i] = Math.copySign(0.1f + Math.abs(large[i]), large[i]);
    }
    long[] counts = GlobalPruning.prune(Arrays.asList(small, large), 0.5);
    assertEquals(400, counts[0], "all of the small kernel goes before any of the large one");
    assertEquals(0, counts[1]);
    assertEquals(400, Masks.zeros(small));
  }

  @Test
  void breaksTiesByKernelOrderThenIndex() {
    float[] first = {1f, 2f, 1f};
    float[] second = {-1f, 1f, 0.5f};
    long[] counts = GlobalPruning.prune(Arrays.asList(first, second), 0.5);
    // 0.5 first, then the 1s: first[0], first[2], then second[0] would be fourth.
    assertArrayEquals(new long[] {2, 1}, counts);
    assertEquals("[0.0, 2.0, 0.0]", Arrays.toString(first));
    assertEquals("[-1.0, 1.0, 0.0]", Arrays.toString(second));
  }

  @Test
  void selectsNeighbouringFloatsAcrossKernelsAtEveryCount() {
    float[] all = Weights.neighbours(8, 48);
    for (int k = 0; k <= all.length; k++) {
      List<float[]> kernels = Arrays.asList(
          Arrays.copyOfRange(all, 0, 20), Arrays.copyOfRange(all, 20, 21),
          Arrays.copyOfRange(all, 21, 48));
      long[] counts = GlobalPruning.prune(kernels, k / (double) all.length);
      boolean[] expected = Weights.smallest(all, k);
      float[] after = concat(kernels);
      for (int i = 0; i < all.length; i++) {
        if (expected[i]) {
          assertEquals(0f, after[i], "k " + k + ", weight " + i);
        } else {
          assertEquals(all[i], after[i], "k " + k + ", weight " + i);
        }
      }
      assertEquals(k, Arrays.stream(counts).sum(), "k " + k);
    }
  }

  @Test
  void alreadyZeroWeightsAreChosenFirstAndCounted() {
    float[] w = {0f, 3f, -0f, 2f};
    assertArrayEquals(new long[] {2}, GlobalPruning.prune(Collections.singletonList(w), 0.5));
    assertEquals("[0.0, 3.0, 0.0, 2.0]", Arrays.toString(w));
  }

  @Test
  void zeroSparsityChangesNothingAndOneZeroesEverything() {
    List<float[]> original = kernels(3);
    List<float[]> kernels = copies(original);
    assertArrayEquals(new long[3], GlobalPruning.prune(kernels, 0));
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(original.get(k), kernels.get(k));
    }
    long[] counts = GlobalPruning.prune(kernels, 1);
    for (int k = 0; k < 3; k++) {
      assertEquals(kernels.get(k).length, counts[k]);
      assertEquals(kernels.get(k).length, Masks.zeros(kernels.get(k)));
    }
  }

  @Test
  void emptyListAndEmptyKernels() {
    assertArrayEquals(new long[0], GlobalPruning.prune(new ArrayList<>(), 0.5));
    float[] w = {4f, 1f};
    long[] counts = GlobalPruning.prune(Arrays.asList(new float[0], w, new float[0]), 0.5);
    assertArrayEquals(new long[] {0, 1, 0}, counts);
    assertEquals("[4.0, 0.0]", Arrays.toString(w));
  }

  @Test
  void rejectsSparsityOutsideZeroToOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GlobalPruning.prune(kernels(1), 1.01));
    assertEquals("GlobalPruning.prune: sparsity expected a number in [0, 1], found 1.01",
        e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> GlobalPruning.prune(kernels(1), -0.5)).getMessage().endsWith("found -0.5"));
  }

  /** Three kernels of different sizes and scales, with ties inside and across them. */
  private static List<float[]> kernels(long seed) {
    float[] middle = scaled(Weights.gaussian(seed, 150), 0.5f);
    return Arrays.asList(Weights.tied(seed, 90), middle, Weights.tied(seed + 7, 37));
  }

  private static float[] scaled(float[] w, float factor) {
    for (int i = 0; i < w.length; i++) {
      w[i] *= factor;
    }
    return w;
  }

  private static List<float[]> copies(List<float[]> kernels) {
    List<float[]> copies = new ArrayList<>();
    for (float[] kernel : kernels) {
      copies.add(kernel.clone());
    }
    return copies;
  }

  private static float[] concat(List<float[]> kernels) {
    int total = 0;
    for (float[] kernel : kernels) {
      total += kernel.length;
    }
    float[] all = new float[total];
    int offset = 0;
    for (float[] kernel : kernels) {
      System.arraycopy(kernel, 0, all, offset, kernel.length);
      offset += kernel.length;
    }
    return all;
  }
}
