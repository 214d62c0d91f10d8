package dev.topiary.runtime.prune;

import java.util.Arrays;

/**
 * The {@code k} weights of smallest magnitude among one or more kernels, found by radix selection
 * on their float bits, then taken weight by weight in kernel and index order.
 *
 * <p>Selection reads the weights three times, one digit of {@link MagnitudeOrder#bits} per pass
 * (bits 30..20, 19..9, 8..0), counting only the weights whose higher digits equal the threshold's
 * so far: O(n) time and one 2,048-entry histogram, however large the kernels (Knuth, TAOCP vol. 3,
 * radix sorting, stopped at the one bucket that holds the k-th key). The result is the threshold
 * {@code t} (the k-th smallest bits) and how many weights with bits exactly {@code t} are to go;
 * {@link #take} then prunes all weights below {@code t} and the first of those equal to it, so
 * that ties go by position and exactly {@code k} are taken.
 */
final class SmallestMagnitudes {
  private static final int[] SHIFTS = {20, 9, 0};
  private static final int[] WIDTHS = {11, 11, 9};

  private final int threshold;
  private int equalLeft;

  private SmallestMagnitudes(int threshold, int equalLeft) {
    this.threshold = threshold;
    this.equalLeft = equalLeft;
  }

  /** Selects the {@code k} smallest, {@code 1 <= k <=} the number of weights in {@code kernels}. */
  static SmallestMagnitudes select(float[][] kernels, int k) {
    int[] histogram = new int[1 << 11];
    int prefix = 0;
    int prefixMask = 0;
    int below = 0; // weights whose bits are below every value the prefix still allows
    for (int pass = 0; pass < SHIFTS.length; pass++) {
      int shift = SHIFTS[pass];
      int digits = 1 << WIDTHS[pass];
      Arrays.fill(histogram, 0, digits, 0);
      for (float[] kernel : kernels) {
        for (float v : kernel) {
          int bits = MagnitudeOrder.bits(v);
          if ((bits & prefixMask) == prefix) {
            histogram[(bits >>> shift) & (digits - 1)]++;
          }
        }
      }
      int digit = 0;
      while (below + histogram[digit] < k) {
        below += histogram[digit];
        digit++;
      }
      prefix |= digit << shift;
      prefixMask |= (digits - 1) << shift;
    }
    return new SmallestMagnitudes(prefix, k - below);
  }

  /**
   * Whether {@code w}, the next weight in kernel and index order, is among the {@code k}; call it
   * once per weight, in the order {@link #select} read them.
   */
  boolean take(float w) {
    int bits = MagnitudeOrder.bits(w);
    if (bits < threshold) {
      return true;
    }
    if (bits == threshold && equalLeft > 0) {
      equalLeft--;
      return true;
    }
    return false;
  }
}
