package dev.topiary.runtime.kernels;

import java.util.Arrays;

/**
 * Sparsemax (Martins &amp; Astudillo, "From Softmax to Sparsemax", ICML 2016): the Euclidean
 * projection of the logits onto the probability simplex, {@code p = max(z - tau, 0)}, which sums to
 * 1 like softmax but returns exact zeros. Row-wise over {@code rows x k} buffers.
 */
public final class Sparsemax {
  private Sparsemax() {}

  /**
   * In place: {@code a[r][j] = max(z[r][j] - tau_r, 0)} with {@code tau_r} from the sorted logits
   * (the paper's Algorithm 1): sort {@code z} descending, find the largest {@code k(z)} with
   * {@code 1 + k z_(k) > sum_{j <= k} z_(j)}, then {@code tau = (sum_{j <= k(z)} z_(j) - 1) / k(z)}.
   *
   * @param scratch at least {@code k} floats, overwritten (no allocation per call)
   */
  public static void forward(float[] a, int rows, int k, float[] scratch) {
    for (int r = 0; r < rows; r++) {
      int off = r * k;
      System.arraycopy(a, off, scratch, 0, k);
      Arrays.sort(scratch, 0, k); // ascending; walk it from the top
      double cumulative = 0;
      double tau = 0;
      for (int j = 1; j <= k; j++) {
        float zj = scratch[k - j];
        cumulative += zj;
        if (1 + j * (double) zj > cumulative) {
          tau = (cumulative - 1) / j;
        } else {
          break; // the support condition holds for a prefix of the sorted logits only
        }
      }
      for (int j = 0; j < k; j++) {
        a[off + j] = (float) Math.max(a[off + j] - tau, 0);
      }
    }
  }

  /**
   * The Jacobian-vector product in place, from the output {@code a}: on the support
   * {@code S = {j : a_j > 0}}, {@code d_j <- d_j - mean_{i in S} d_i}; off it, 0. No k x k Jacobian.
   */
  public static void backward(float[] a, float[] d, int rows, int k) {
    for (int r = 0; r < rows; r++) {
      int off = r * k;
      double sum = 0;
      int support = 0;
      for (int j = 0; j < k; j++) {
        if (a[off + j] > 0f) {
          sum += d[off + j];
          support++;
        }
      }
      float mean = support == 0 ? 0f : (float) (sum / support);
      for (int j = 0; j < k; j++) {
        d[off + j] = a[off + j] > 0f ? d[off + j] - mean : 0f;
      }
    }
  }

  /**
   * The sparsemax loss (the paper's eq. 19) averaged over the rows, given logits {@code z} and
   * their sparsemax {@code p}: {@code L = -z_y + 1/2 sum_{j in S} (z_j^2 - tau^2) + 1/2}, with
   * {@code tau = (sum_{j in S} z_j - 1) / |S|} on the support {@code S = {j : p_j > 0}}. Writes
   * its gradient with respect to the logits, {@code (p - onehot(y)) / rows}, into {@code dz}.
   */
  public static float loss(float[] z, float[] p, int[] labels, int labelOff, float[] dz, int rows,
      int k) {
    double total = 0;
    float scale = 1f / rows;
    for (int r = 0; r < rows; r++) {
      int off = r * k;
      int y = labels[labelOff + r];
      if (y < 0 || y >= k) {
        throw new IllegalArgumentException("label " + y + " is outside the " + k
            + " classes of the output layer; expected 0 to " + (k - 1));
      }
      // tau = (sum_{j in S} z_j - 1) / |S|, in double: recovering it as the float z_j - p_j
      // loses p's rounding and z_j's ulp, which sum_S z_j^2 - tau^2 multiplies by |z| (a loss
      // 10% off at logits near 1000).
      double supportSum = 0;
      int support = 0;
      for (int j = 0; j < k; j++) {
        if (p[off + j] > 0f) {
          supportSum += z[off + j];
          support++;
        }
      }
      double tau = (supportSum - 1) / support;
      double l = 0.5 - z[off + y];
      for (int j = 0; j < k; j++) {
        if (p[off + j] > 0f) {
          l += 0.5 * ((double) z[off + j] * z[off + j] - tau * tau);
        }
        dz[off + j] = p[off + j] * scale;
      }
      dz[off + y] -= scale;
      total += l;
    }
    return (float) (total / rows);
  }
}
