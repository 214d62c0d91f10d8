package dev.topiary.runtime.prune;

import java.util.Arrays;

/**
 * Mask selection for the three structures of {@code @Prune}, and applying masks.
 *
 * <p>A mask is a {@code float[]} of exactly {@code 0f} (pruned) or {@code 1f} (kept), of the same
 * length and layout as its kernel; the selection methods overwrite every entry of the masks they
 * are given. Kernels are row-major {@code [rows = inputs][cols = output channels]}: a Keras dense
 * kernel {@code [in][out]}, or a conv kernel {@code [kh][kw][cin][cout]} read as
 * {@code (kh * kw * cin) x cout}. Counts are {@code Math.round(sparsity * n)} (half up), and
 * ties between equal magnitudes are broken by index, so the count is exact; tfmot instead keeps
 * every weight tied with its threshold, which can prune fewer than asked.
 */
public final class Masks {
  private Masks() {}

  /**
   * Unstructured magnitude pruning (tfmot's {@code prune_low_magnitude}): sets {@code mask} to 0
   * on the {@code round(sparsity * w.length)} weights of smallest {@code |w|} and to 1 elsewhere.
   * Among equal magnitudes the lower index is pruned first; NaN counts as the largest magnitude.
   *
   * <p>Radix selection ({@link SmallestMagnitudes}): four passes over {@code w}, O(n) time, and a
   * fixed 8 KB of scratch per call, whatever the kernel's size.
   *
   * @param w the kernel, read only
   * @param sparsity the fraction to prune, in [0, 1]
   * @param mask written: 0f or 1f per weight, of length {@code w.length}
   * @return the number of weights masked
   * @throws IllegalArgumentException if {@code sparsity} is out of range or the lengths differ
   */
  public static int unstructured(float[] w, double sparsity, float[] mask) {
    String where = "Masks.unstructured";
    PruneArguments.sparsity(where, sparsity);
    PruneArguments.length(where, "mask", mask, w.length);
    int pruned = PruneArguments.count(sparsity, w.length);
    if (pruned == 0) {
      Arrays.fill(mask, 1f);
      return 0;
    }
    SmallestMagnitudes smallest = SmallestMagnitudes.select(new float[][] {w}, pruned);
    for (int i = 0; i < w.length; i++) {
      mask[i] = smallest.take(w[i]) ? 0f : 1f;
    }
    return pruned;
  }

  /**
   * Channel pruning: masks the {@code round(sparsity * cols)} output channels (columns) of
   * smallest L2 norm {@code sqrt(sum_r w[r][c]^2)}, the lower column first among equal norms,
   * setting {@code mask} to 0 on the whole column and {@code biasMask[c]} to 0; every other entry
   * of both masks is set to 1. A pruned channel's pre-activation is then 0 for every input, so the
   * layer can be rebuilt smaller (Li et al., "Pruning Filters for Efficient ConvNets", 2017, who
   * rank filters by L1; L2 here, as the structure's definition says).
   *
   * @param w the kernel, row-major {@code [rows][cols]}, read only
   * @param rows the inputs ({@code kh * kw * cin} for a conv kernel)
   * @param cols the output channels
   * @param sparsity the fraction of channels to prune, in [0, 1]
   * @param mask written: 0f or 1f per weight, of length {@code rows * cols}
   * @param biasMask written: 0f or 1f per channel, of length {@code cols}; {@code null} when the
   *     layer has no bias
   * @return the number of channels masked
   * @throws IllegalArgumentException if a dimension, length or {@code sparsity} is out of range
   */
  public static int channels(
      float[] w, int rows, int cols, double sparsity, float[] mask, float[] biasMask) {
    String where = "Masks.channels";
    checkKernel(where, w, rows, cols, mask);
    PruneArguments.sparsity(where, sparsity);
    if (biasMask != null) {
      PruneArguments.length(where, "biasMask", biasMask, cols);
    }
    double[] squaredNorm = new double[cols];
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      for (int c = 0; c < cols; c++) {
        double v = w[row + c];
        squaredNorm[c] += v * v;
      }
    }
    // Squared norms order like norms; Double.compare puts NaN last, so a NaN channel is kept.
    Integer[] order = new Integer[cols];
    for (int c = 0; c < cols; c++) {
      order[c] = c;
    }
    Arrays.sort(order, (a, b) -> {
      int byNorm = Double.compare(squaredNorm[a], squaredNorm[b]);
      return byNorm != 0 ? byNorm : Integer.compare(a, b);
    });
    int pruned = PruneArguments.count(sparsity, cols);
    float[] channelMask = new float[cols];
    Arrays.fill(channelMask, 1f);
    for (int i = 0; i < pruned; i++) {
      channelMask[order[i]] = 0f;
    }
    for (int r = 0; r < rows; r++) {
      System.arraycopy(channelMask, 0, mask, r * cols, cols);
    }
    if (biasMask != null) {
      System.arraycopy(channelMask, 0, biasMask, 0, cols);
    }
    return pruned;
  }

  /**
   * Semi-structured N:M pruning along the reduction dimension (as sparse tensor cores and tfmot's
   * {@code sparsity_m_by_n}): for each column {@code c} and each group {@code g} of {@code m}
   * consecutive rows {@code g*m .. g*m + m - 1}, keeps the {@code n} entries of largest
   * {@code |w|} (the lower row first among equal magnitudes) and masks the other {@code m - n}.
   *
   * @param w the kernel, row-major {@code [rows][cols]}, read only
   * @param rows the inputs; a multiple of {@code m}
   * @param cols the output channels
   * @param n the entries kept per group, in [1, m]
   * @param m the group size, at least 1
   * @param mask written: 0f or 1f per weight, of length {@code rows * cols}
   * @return the number of weights masked, {@code (m - n) * (rows / m) * cols}
   * @throws IllegalArgumentException if a dimension or length is out of range, or {@code rows} is
   *     not a multiple of {@code m}
   */
  public static int nOfM(float[] w, int rows, int cols, int n, int m, float[] mask) {
    String where = "Masks.nOfM";
    checkKernel(where, w, rows, cols, mask);
    PruneArguments.positive(where, "m", m);
    if (n < 1 || n > m) {
      throw PruneArguments.invalid(where, "n", "a number in [1, m = " + m + "]", String.valueOf(n));
    }
    if (rows % m != 0) {
      throw PruneArguments.invalid(
          where, "rows", "a multiple of m = " + m, rows + " (remainder " + rows % m + ")");
    }
    int groups = rows / m;
    int prunedPerGroup = m - n;
    long[] keys = new long[m];
    // Groups outer, columns inner: the m rows of a group are read along their length.
    for (int g = 0; g < groups; g++) {
      for (int c = 0; c < cols; c++) {
        int first = g * m * cols + c;
        // Position m-1-r: among equal magnitudes the higher row sorts first and is masked first.
        for (int r = 0; r < m; r++) {
          keys[r] = MagnitudeOrder.key(w[first + r * cols], m - 1 - r);
        }
        Arrays.sort(keys);
        for (int r = 0; r < m; r++) {
          mask[first + r * cols] = 1f;
        }
        for (int i = 0; i < prunedPerGroup; i++) {
          int r = m - 1 - (int) keys[i];
          mask[first + r * cols] = 0f;
        }
      }
    }
    return prunedPerGroup * groups * cols;
  }

  /**
   * Applies a mask in place: {@code w[i] = mask[i] == 0 ? 0f : w[i]}, so that pruned weights are
   * exactly +0 (multiplying would leave -0 for negative weights) and kept ones are unchanged.
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public static void apply(float[] w, float[] mask) {
    PruneArguments.length("Masks.apply", "mask", mask, w.length);
    for (int i = 0; i < w.length; i++) {
      if (mask[i] == 0f) {
        w[i] = 0f;
      }
    }
  }

  /** The number of entries of {@code w} equal to 0 (+0 or -0). */
  public static long zeros(float[] w) {
    long count = 0;
    for (float v : w) {
      if (v == 0f) {
        count++;
      }
    }
    return count;
  }

  private static void checkKernel(String where, float[] w, int rows, int cols, float[] mask) {
    PruneArguments.positive(where, "rows", rows);
    PruneArguments.positive(where, "cols", cols);
    PruneArguments.length(where, "kernel", w, (long) rows * cols);
    PruneArguments.length(where, "mask", mask, (long) rows * cols);
  }
}
