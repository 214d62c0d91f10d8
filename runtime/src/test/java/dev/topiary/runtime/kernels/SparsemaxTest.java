package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.Tolerances.ELEMENT;
import static dev.topiary.runtime.kernels.Tolerances.FINITE_DIFFERENCE;
import static dev.topiary.runtime.kernels.Tolerances.PIECEWISE_FD_STEP;
import static dev.topiary.runtime.kernels.Tolerances.SUM;
import static dev.topiary.runtime.kernels.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Sparsemax} (Martins &amp; Astudillo, "From Softmax to Sparsemax", ICML 2016): the forward
 * pass against values worked out by hand from the paper's definition, against the paper's
 * two-class closed form, and against an independent threshold reference (bisection on
 * {@code sum_j max(z_j - tau, 0) = 1}) on random rows; its backward against the explicit Jacobian
 * and against finite differences of the forward; the sparsemax loss against its Fenchel-Young
 * form and its gradient against finite differences of the loss.
 */
class SparsemaxTest {
  /** Marks entries past the rows a kernel is given; they must survive the call. */
  private static final float UNTOUCHED = 12345f;

  private static final int[][] SHAPES = {{1, 1}, {1, 2}, {3, 5}, {4, 10}, {2, 17}, {7, 3}};

  /** Logit scales: small spreads give a wide support, large ones nearly one-hot rows. */
  private static final float[] SCALES = {0.25f, 1f, 4f};

  /**
   * Rows worked out by hand with the paper's Algorithm 1: sort z descending, find the largest k
   * with {@code 1 + k z_(k) > sum_{j <= k} z_(j)}, {@code tau = (sum_{j <= k} z_(j) - 1) / k},
   * {@code p = max(z - tau, 0)}. Each row: logits, then the expected p.
   */
  private static final float[][][] BY_HAND = {
      // z = (1, 0.5, -1): k=1: 1+1 > 1 yes; k=2: 1+2(0.5) = 2 > 1.5 yes; k=3: 1-3 > 0.5 no.
      // tau = (1.5 - 1) / 2 = 0.25, p = (0.75, 0.25, 0).
      {{1f, 0.5f, -1f}, {0.75f, 0.25f, 0f}},
      // The same logits in another order: p follows the logits, not their positions.
      {{-1f, 1f, 0.5f}, {0f, 0.75f, 0.25f}},
      // Tie on top, z = (1, 1, 0): k=2: 1+2 > 2 yes; k=3: 1+0 > 2 no; tau = 0.5, p = (0.5, 0.5, 0).
      {{1f, 0f, 1f}, {0.5f, 0f, 0.5f}},
      // Ties at the threshold, z = (1, 0, 0): k=2: 1+0 > 1 no (strict); tau = 0, so both zeros
      // sit exactly at tau and get exactly 0: p = (1, 0, 0).
      {{0f, 1f, 0f}, {0f, 1f, 0f}},
      // All equal, z = (3, 3, 3, 3): k=4: 1+12 > 12 yes; tau = (12 - 1) / 4 = 2.75, p = 1/4 each.
      {{3f, 3f, 3f, 3f}, {0.25f, 0.25f, 0.25f, 0.25f}},
      // Tie in the middle, z = (2, 1.5, 1.5, 0): k=3: 1+4.5 > 5 yes; k=4: 1+0 > 5 no;
      // tau = (5 - 1) / 3 = 4/3, p = (2/3, 1/6, 1/6, 0).
      {{2f, 1.5f, 1.5f, 0f}, {2f / 3, 1f / 6, 1f / 6, 0f}},
      // One-hot: z = (10, 0, -3, 2): k=2: 1+0 > 10 no; tau = 10 - 1 = 9, p = (1, 0, 0, 0).
      // Sparsemax is one-hot exactly when the top logit leads the next by at least 1.
      {{10f, 0f, -3f, 2f}, {1f, 0f, 0f, 0f}},
      // A lead of exactly 1, z = (0, 1): k=2: 1+0 > 1 no; tau = 0, p = (0, 1).
      {{0f, 1f}, {0f, 1f}},
      // A lead just below 1, z = (0.75, 0): k=2: 1+0 > 0.75 yes; tau = -0.125, p = (0.875, 0.125).
      {{0.75f, 0f}, {0.875f, 0.125f}},
      // One class: tau = z - 1, p = 1.
      {{-7f}, {1f}},
  };

  @Test
  void forwardMatchesValuesWorkedOutByHand() {
    for (float[][] c : BY_HAND) {
      int k = c[0].length;
      float[] a = Arrays.copyOf(c[0], k + 2);
      a[k] = UNTOUCHED;
      a[k + 1] = UNTOUCHED;
      Sparsemax.forward(a, 1, k, scratch(k));
      String where = "sparsemax" + Arrays.toString(c[0]);
      for (int j = 0; j < k; j++) {
        if (c[1][j] == 0f) {
          assertEquals(0f, a[j], where + " p[" + j + "] must be exactly 0");
        } else {
          assertClose(c[1][j], a[j], ELEMENT, 1, where + " p[" + j + "]");
        }
      }
      assertEquals(UNTOUCHED, a[k], where + " wrote past the row");
      assertEquals(UNTOUCHED, a[k + 1], where + " wrote past the row");
    }
  }

  @Test
  void twoClassesGiveTheHardSigmoidOfTheDifference() {
    // The paper (section 2.2): for z = (t, 0), sparsemax_1 = 1 if t > 1, (t + 1) / 2 if
    // -1 <= t <= 1, 0 if t < -1; sparsemax_2 = 1 - sparsemax_1.
    SplittableRandom rng = new SplittableRandom(61);
    int rows = 40;
    float[] z = new float[2 * rows];
    for (int i = 0; i < z.length; i++) {
      z[i] = dyadic(rng, 4f);
    }
    float[] a = z.clone();
    Sparsemax.forward(a, rows, 2, scratch(2));
    for (int r = 0; r < rows; r++) {
      double t = (double) z[2 * r] - z[2 * r + 1];
      double p1 = t > 1 ? 1 : t < -1 ? 0 : (t + 1) / 2;
      String where = "z = (" + z[2 * r] + ", " + z[2 * r + 1] + ")";
      assertClose(p1, a[2 * r], ELEMENT, 1, where + " p1");
      assertClose(1 - p1, a[2 * r + 1], ELEMENT, 1, where + " p2");
    }
  }

  @Test
  void randomRowsMatchTheThresholdReferenceSumToOneAndAreZeroAtOrBelowTau() {
    SplittableRandom rng = new SplittableRandom(62);
    int zeros = 0;
    for (float scale : SCALES) {
      for (int[] s : SHAPES) {
        int rows = s[0];
        int k = s[1];
        float[] z = logits(rng, rows * k, scale);
        float[] a = Arrays.copyOf(z, rows * k + 1);
        a[rows * k] = UNTOUCHED;
        Sparsemax.forward(a, rows, k, scratch(k));
        assertEquals(UNTOUCHED, a[rows * k], "wrote past the rows");
        for (int r = 0; r < rows; r++) {
          double tau = tau(z, r * k, k);
          double sum = 0;
          for (int j = 0; j < k; j++) {
            float zj = z[r * k + j];
            float p = a[r * k + j];
            String where = rows + "x" + k + " scale " + scale + " p[" + r + "][" + j + "] (z = "
                + zj + ", tau = " + tau + ")";
            assertClose(Math.max(zj - tau, 0), p, ELEMENT, 1, where);
            if (zj <= tau) {
              assertEquals(0f, p, where + " must be exactly 0");
              zeros++;
            } else if (zj > tau + 1e-9) {
              assertTrue(p > 0f, where + " must be positive");
            }
            sum += p;
          }
          assertClose(1, sum, SUM, 1, rows + "x" + k + " row " + r + " sum");
        }
      }
    }
    assertTrue(zeros > 50, "the random rows gave only " + zeros + " zeros; the check is weak");
  }

  @Test
  void addingAConstantToEveryLogitChangesNothing() {
    // sum_j max(z_j + c - tau, 0) = 1 is solved by tau + c. The logits are multiples of 2^-10
    // and the shifts powers of two, so z + c is exact in float.
    SplittableRandom rng = new SplittableRandom(63);
    for (float shift : new float[] {1f, -1f, 64f, -1024f, 1024f}) {
      for (int[] s : SHAPES) {
        int rows = s[0];
        int k = s[1];
        float[] z = logits(rng, rows * k, 1f);
        float[] expected = z.clone();
        Sparsemax.forward(expected, rows, k, scratch(k));
        float[] a = z.clone();
        for (int i = 0; i < a.length; i++) {
          a[i] += shift;
        }
        Sparsemax.forward(a, rows, k, scratch(k));
        for (int i = 0; i < a.length; i++) {
          String where = rows + "x" + k + " shift " + shift + " p[" + i + "]";
          assertClose(expected[i], a[i], ELEMENT, 1, where);
          assertEquals(expected[i] == 0f, a[i] == 0f, where + ": the support changed");
        }
      }
    }
  }

  @Test
  void backwardIsTheExplicitJacobianProduct() {
    // The paper's eq. 12: J = diag(s) - s s^T / |S|, s the indicator of the support S. J is
    // symmetric, so the backward J^T d is J d. One-hot rows (scale 4) have J = 0.
    SplittableRandom rng = new SplittableRandom(64);
    for (float scale : SCALES) {
      for (int[] s : SHAPES) {
        int rows = s[0];
        int k = s[1];
        float[] a = logits(rng, rows * k, scale);
        Sparsemax.forward(a, rows, k, scratch(k));
        float[] upstream = logits(rng, rows * k, 1f);
        float[] d = Arrays.copyOf(upstream, rows * k + 1);
        d[rows * k] = UNTOUCHED;
        Sparsemax.backward(a, d, rows, k);
        assertEquals(UNTOUCHED, d[rows * k], "wrote past the rows");
        for (int r = 0; r < rows; r++) {
          int support = 0;
          for (int j = 0; j < k; j++) {
            support += a[r * k + j] > 0f ? 1 : 0;
          }
          for (int j = 0; j < k; j++) {
            double sum = 0;
            double magnitude = 0;
            for (int i = 0; i < k; i++) {
              double sj = a[r * k + j] > 0f ? 1 : 0;
              double si = a[r * k + i] > 0f ? 1 : 0;
              double jacobian = (i == j ? sj : 0) - sj * si / support;
              sum += jacobian * upstream[r * k + i];
              magnitude += Math.abs(jacobian * upstream[r * k + i]);
            }
            String where = rows + "x" + k + " scale " + scale + " d[" + r + "][" + j + "]";
            if (a[r * k + j] == 0f) {
              assertEquals(0f, d[r * k + j], where + " off the support must be exactly 0");
            } else {
              assertClose(sum, d[r * k + j], SUM, magnitude, where);
            }
          }
        }
      }
    }
  }

  @Test
  void backwardMatchesFiniteDifferencesOfTheForward() {
    // d_j = sum_i v_i dp_i/dz_j, by central differences of the float forward pass. Sparsemax is
    // piecewise linear, so they are exact away from its kinks (a z_j crossing tau); moving one
    // logit by h moves every z_j - tau by at most h, so rows keep all z_j more than 2h from tau.
    SplittableRandom rng = new SplittableRandom(65);
    float h = PIECEWISE_FD_STEP;
    for (float scale : SCALES) {
      for (int[] s : SHAPES) {
        int rows = s[0];
        int k = s[1];
        float[] z = new float[rows * k];
        for (int r = 0; r < rows; r++) {
          System.arraycopy(rowAwayFromKinks(rng, k, scale, 2 * h), 0, z, r * k, k);
        }
        float[] v = logits(rng, rows * k, 1f);
        float[] a = z.clone();
        Sparsemax.forward(a, rows, k, scratch(k));
        float[] d = v.clone();
        Sparsemax.backward(a, d, rows, k);
        for (int i = 0; i < z.length; i++) {
          float[] plus = z.clone();
          plus[i] += h;
          Sparsemax.forward(plus, rows, k, scratch(k));
          float[] minus = z.clone();
          minus[i] -= h;
          Sparsemax.forward(minus, rows, k, scratch(k));
          double fd = 0;
          double magnitude = 0;
          for (int j = 0; j < z.length; j++) {
            fd += v[j] * ((double) plus[j] - minus[j]) / (2.0 * h);
            magnitude += Math.abs(v[j]);
          }
          assertClose(fd, d[i], FINITE_DIFFERENCE, magnitude,
              rows + "x" + k + " scale " + scale + " d[" + i + "]");
        }
      }
    }
  }

  @Test
  void lossMatchesValuesWorkedOutByHand() {
    // z = (1, 0.5, -1): tau = 0.25, S = {0, 1}, sum_S (z_j^2 - tau^2) = (1 - 1/16) + (1/4 - 1/16)
    // = 9/8, so L = -z_y + 9/16 + 1/2: y = 0 gives 1/16, y = 1 gives 9/16, y = 2 gives 33/16.
    // z = (10, 0, -3): one-hot, tau = 9, L = -z_y + (100 - 81) / 2 + 1/2: 0 for y = 0 (a
    // confident right answer costs nothing), 10 for y = 1.
    float[] z = {1f, 0.5f, -1f, 1f, 0.5f, -1f, 1f, 0.5f, -1f, 10f, 0f, -3f, 10f, 0f, -3f};
    int[] labels = {-1, 0, 1, 2, 0, 1};
    double[] perRow = {1.0 / 16, 9.0 / 16, 33.0 / 16, 0, 10};
    int rows = 5;
    float[] p = z.clone();
    Sparsemax.forward(p, rows, 3, scratch(3));
    float[] dz = new float[rows * 3];
    Arrays.fill(dz, Float.NaN);
    float loss = Sparsemax.loss(z, p, labels, 1, dz, rows, 3);
    double mean = Arrays.stream(perRow).sum() / rows;
    assertClose(mean, loss, ELEMENT, mean, "mean sparsemax loss");
    double[][] probabilities = {{0.75, 0.25, 0}, {1, 0, 0}};
    for (int r = 0; r < rows; r++) {
      double[] pr = probabilities[r < 3 ? 0 : 1];
      for (int j = 0; j < 3; j++) {
        double g = (pr[j] - (j == labels[1 + r] ? 1 : 0)) / rows;
        assertClose(g, dz[r * 3 + j], ELEMENT, 1, "dz[" + r + "][" + j + "]");
      }
    }
    for (int r = 0; r < rows; r++) {
      float[] one = new float[3];
      float single = Sparsemax.loss(Arrays.copyOfRange(z, r * 3, r * 3 + 3),
          Arrays.copyOfRange(p, r * 3, r * 3 + 3), labels, 1 + r, one, 1, 3);
      assertClose(perRow[r], single, ELEMENT, 1, "loss of row " + r);
    }
  }

  @Test
  void lossMatchesTheFenchelYoungFormOnRandomAndShiftedRows() {
    // Independent of the paper's tau form that the kernel uses: the sparsemax loss is the
    // Fenchel-Young loss of (1/2)||p||^2 (Blondel, Martins & Niculae, JMLR 2020, eq. 8):
    // L = <z, p> - ||p||^2 / 2 + 1/2 - z_y, with p from the reference threshold in double. It is
    // non-negative and, like p, unchanged by adding a constant to the logits.
    SplittableRandom rng = new SplittableRandom(66);
    for (float shift : new float[] {0f, 16f, -1024f}) {
      for (float scale : SCALES) {
        for (int[] s : SHAPES) {
          int rows = s[0];
          int k = s[1];
          float[] z = logits(rng, rows * k, scale);
          for (int i = 0; i < z.length; i++) {
            z[i] += shift;
          }
          int off = rng.nextInt(0, 3);
          int[] labels = labels(rng, off, rows, k);
          float[] p = z.clone();
          Sparsemax.forward(p, rows, k, scratch(k));
          float loss = Sparsemax.loss(z, p, labels, off, new float[rows * k], rows, k);
          double expected = 0;
          for (int r = 0; r < rows; r++) {
            double tau = tau(z, r * k, k);
            double row = 0.5 - z[r * k + labels[off + r]];
            for (int j = 0; j < k; j++) {
              double pj = Math.max(z[r * k + j] - tau, 0);
              row += z[r * k + j] * pj - pj * pj / 2;
            }
            assertTrue(row >= -1e-9, "the reference loss of row " + r + " is negative: " + row);
            expected += row / rows;
          }
          assertClose(expected, loss, ELEMENT, 1 + expected,
              rows + "x" + k + " scale " + scale + " shift " + shift + " loss");
        }
      }
    }
  }

  @Test
  void lossGradientMatchesFiniteDifferencesOfTheLoss() {
    // The kernel writes (sparsemax(z) - onehot(y)) / rows; check it against central differences
    // of the kernels' own mean loss (forward, then loss). The loss is piecewise quadratic, so
    // central differences are exact away from the kinks of sparsemax, as in the backward test.
    SplittableRandom rng = new SplittableRandom(67);
    float h = PIECEWISE_FD_STEP;
    for (float scale : SCALES) {
      for (int[] s : SHAPES) {
        int rows = s[0];
        int k = s[1];
        float[] z = new float[rows * k];
        for (int r = 0; r < rows; r++) {
          System.arraycopy(rowAwayFromKinks(rng, k, scale, 2 * h), 0, z, r * k, k);
        }
        int[] labels = labels(rng, 0, rows, k);
        float[] dz = new float[rows * k];
        float[] p = z.clone();
        Sparsemax.forward(p, rows, k, scratch(k));
        Sparsemax.loss(z, p, labels, 0, dz, rows, k);
        for (int i = 0; i < z.length; i++) {
          float[] plus = z.clone();
          plus[i] += h;
          float[] minus = z.clone();
          minus[i] -= h;
          double fd = (meanLoss(plus, labels, rows, k) - meanLoss(minus, labels, rows, k))
              / (2.0 * h);
          assertClose(fd, dz[i], FINITE_DIFFERENCE, 1,
              rows + "x" + k + " scale " + scale + " dz[" + i + "]");
        }
      }
    }
  }

  @Test
  void labelOutsideTheClassesIsRejectedWithTheLabelInTheMessage() {
    float[] z = {1f, 0.5f, -1f, 0f, 2f, 1f};
    float[] p = z.clone();
    Sparsemax.forward(p, 2, 3, scratch(3));
    for (int bad : new int[] {-1, 3, 12}) {
      int[] labels = {1, bad};
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Sparsemax.loss(z, p, labels, 0, new float[6], 2, 3));
      assertTrue(e.getMessage().contains("label " + bad), e.getMessage());
      assertTrue(e.getMessage().contains("0 to 2"), e.getMessage());
    }
  }

  /** The kernels' mean sparsemax loss of logits {@code z}. */
  private static double meanLoss(float[] z, int[] labels, int rows, int k) {
    float[] p = z.clone();
    Sparsemax.forward(p, rows, k, scratch(k));
    return Sparsemax.loss(z, p, labels, 0, new float[rows * k], rows, k);
  }

  /**
   * The threshold of row {@code z[off .. off + k)}, independently of the kernel's sort: bisection
   * for the root of the decreasing {@code f(t) = sum_j max(z_j - t, 0) - 1} on
   * {@code [max - 1, max]} (f is >= 0 at one end, -1 at the other), then the exact
   * {@code tau = (sum_{j in S} z_j - 1) / |S|} on the support {@code S = {j : z_j > t}}.
   */
  static double tau(float[] z, int off, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      max = Math.max(max, z[off + j]);
    }
    double lo = max - 1;
    double hi = max;
    for (int iteration = 0; iteration < 100; iteration++) {
      double mid = (lo + hi) / 2;
      double f = -1;
      for (int j = 0; j < k; j++) {
        f += Math.max(z[off + j] - mid, 0);
      }
      if (f >= 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double sum = 0;
    int support = 0;
    for (int j = 0; j < k; j++) {
      if (z[off + j] > lo) {
        sum += z[off + j];
        support++;
      }
    }
    return (sum - 1) / support;
  }

  /** A row of logits none of which lies within {@code margin} of its threshold. */
  private static float[] rowAwayFromKinks(SplittableRandom rng, int k, float scale,
      double margin) {
    for (int attempt = 0; attempt < 10_000; attempt++) {
      float[] row = logits(rng, k, scale);
      double tau = tau(row, 0, k);
      boolean clear = true;
      for (float zj : row) {
        clear &= Math.abs(zj - tau) > margin;
      }
      if (clear) {
        return row;
      }
    }
    throw new AssertionError("no row of " + k + " logits at scale " + scale + " clear of kinks");
  }

  /** Uniform logits in {@code [-scale, scale]}, multiples of {@code 2^-10 * scale}. */
  private static float[] logits(SplittableRandom rng, int size, float scale) {
    float[] z = new float[size];
    for (int i = 0; i < size; i++) {
      z[i] = dyadic(rng, scale);
    }
    return z;
  }

  private static float dyadic(SplittableRandom rng, float scale) {
    return rng.nextInt(-1024, 1025) / 1024f * scale;
  }

  private static int[] labels(SplittableRandom rng, int off, int rows, int k) {
    int[] labels = new int[off + rows];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i < off ? -99 : rng.nextInt(k); // entries before labelOff are never read
    }
    return labels;
  }

  /** Sort scratch longer than {@code k}, full of NaN: the kernel must overwrite what it reads. */
  private static float[] scratch(int k) {
    float[] scratch = new float[k + 3];
    Arrays.fill(scratch, Float.NaN);
    return scratch;
  }
}
