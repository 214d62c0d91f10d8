package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.MatMulTest.random;
import static dev.topiary.runtime.kernels.Tolerances.SUM;
import static dev.topiary.runtime.kernels.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Activations} against plain loops and the textbook formulas: ReLU and its backward,
 * softmax (rows sum to 1, no overflow at large logits), softmax backward against the explicit
 * Jacobian product, and the bias add and bias gradient.
 */
class ActivationsTest {
  private static final int[][] SHAPES = {{1, 1}, {1, 2}, {3, 5}, {4, 10}, {2, 17}, {7, 3}};

  @Test
  void reluClampsNegativesToZeroAndStopsAtN() {
    SplittableRandom rng = new SplittableRandom(31);
    float[] z = random(rng, 40, 0.2);
    float[] a = z.clone();
    Activations.relu(a, 33);
    for (int i = 0; i < z.length; i++) {
      float expected = i < 33 ? (z[i] > 0 ? z[i] : 0f) : z[i];
      assertEquals(expected, a[i], "a[" + i + "] from z = " + z[i]);
    }
  }

  @Test
  void reluBackwardPassesGradientsOnlyWherePositive() {
    SplittableRandom rng = new SplittableRandom(32);
    float[] a = random(rng, 40, 0.3);
    Activations.relu(a, a.length); // a holds outputs: zeros and positives
    float[] g = random(rng, 40, 0);
    float[] d = g.clone();
    Activations.reluBackward(a, d, 33);
    for (int i = 0; i < a.length; i++) {
      float expected = i < 33 ? (a[i] > 0 ? g[i] : 0f) : g[i];
      assertEquals(expected, d[i], "d[" + i + "] at a = " + a[i]);
    }
  }

  @Test
  void softmaxMatchesTheFormulaAndRowsSumToOne() {
    SplittableRandom rng = new SplittableRandom(33);
    for (int[] s : SHAPES) {
      float[] z = scaled(random(rng, s[0] * s[1], 0), 5f);
      checkSoftmax(z, 0, s[0], s[1]);
    }
  }

  @Test
  void softmaxResistsOverflowAtLargeLogits() {
    // exp(1000) overflows even a double; the row maximum must be subtracted first. The reference
    // uses shift invariance: softmax(z) = softmax(z - shift), computed naively.
    SplittableRandom rng = new SplittableRandom(34);
    for (float shift : new float[] {1000f, -1000f, 80f, 1e30f}) {
      for (int[] s : SHAPES) {
        float[] small = random(rng, s[0] * s[1], 0);
        float[] z = small.clone();
        for (int i = 0; i < z.length; i++) {
          z[i] += shift;
        }
        checkSoftmax(z, shift, s[0], s[1]);
      }
    }
  }

  /** Softmax of {@code z} against the naive formula applied to {@code z - shift}, in double. */
  private static void checkSoftmax(float[] z, float shift, int rows, int k) {
    float[] a = z.clone();
    Activations.softmax(a, rows, k);
    for (int r = 0; r < rows; r++) {
      double denominator = 0;
      for (int j = 0; j < k; j++) {
        denominator += Math.exp((double) z[r * k + j] - shift);
      }
      double rowSum = 0;
      for (int j = 0; j < k; j++) {
        float actual = a[r * k + j];
        String where = "softmax " + rows + "x" + k + " shift " + shift + " a[" + r + "][" + j + "]";
        assertTrue(Float.isFinite(actual), where + " is " + actual);
        double expected = Math.exp((double) z[r * k + j] - shift) / denominator;
        // Subtracting the row maximum is exact (Sterbenz: same sign, within a factor 2), so the
        // error is exp's rounding plus the float sum of k terms, relative to the value.
        assertClose(expected, actual, SUM, expected, where);
        rowSum += actual;
      }
      assertClose(1, rowSum, SUM, 1, "softmax row " + r + " sum");
    }
  }

  @Test
  void softmaxBackwardIsTheJacobianProduct() {
    // J[i][j] = da_i / dz_j = a_i ([i == j] - a_j); the backward is dz = J^T da.
    SplittableRandom rng = new SplittableRandom(35);
    for (int[] s : SHAPES) {
      int rows = s[0];
      int k = s[1];
      float[] a = scaled(random(rng, rows * k, 0), 3f);
      Activations.softmax(a, rows, k);
      float[] da = random(rng, rows * k, 0);
      float[] d = da.clone();
      Activations.softmaxBackward(a, d, rows, k);
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < k; j++) {
          double sum = 0;
          double scale = 0;
          for (int i = 0; i < k; i++) {
            double jacobian = a[r * k + i] * ((i == j ? 1.0 : 0.0) - a[r * k + j]);
            sum += jacobian * da[r * k + i];
            scale += Math.abs(jacobian * da[r * k + i]) + Math.abs(a[r * k + j] * a[r * k + i]
                * da[r * k + i]);
          }
          assertClose(sum, d[r * k + j], SUM, scale,
              "softmaxBackward " + rows + "x" + k + " d[" + r + "][" + j + "]");
        }
      }
    }
  }

  @Test
  void addBiasAddsToEveryRow() {
    SplittableRandom rng = new SplittableRandom(36);
    for (int[] s : SHAPES) {
      float[] z = random(rng, s[0] * s[1], 0);
      float[] b = random(rng, s[1], 0);
      float[] out = z.clone();
      Activations.addBias(out, b, s[0], s[1]);
      for (int r = 0; r < s[0]; r++) {
        for (int j = 0; j < s[1]; j++) {
          assertEquals(z[r * s[1] + j] + b[j], out[r * s[1] + j], "z[" + r + "][" + j + "]");
        }
      }
    }
  }

  @Test
  void sumRowsOverwritesTheBiasGradientWithColumnSums() {
    SplittableRandom rng = new SplittableRandom(37);
    for (int[] s : SHAPES) {
      float[] d = random(rng, s[0] * s[1], 0.2);
      float[] db = new float[s[1] + 2];
      Arrays.fill(db, Float.NaN);
      db[s[1]] = 7f;
      db[s[1] + 1] = 7f;
      Activations.sumRows(d, db, s[0], s[1]);
      for (int j = 0; j < s[1]; j++) {
        double sum = 0;
        double scale = 0;
        for (int r = 0; r < s[0]; r++) {
          sum += d[r * s[1] + j];
          scale += Math.abs(d[r * s[1] + j]);
        }
        assertClose(sum, db[j], SUM, scale, "db[" + j + "]");
      }
      assertEquals(7f, db[s[1]], "wrote past k");
      assertEquals(7f, db[s[1] + 1], "wrote past k");
    }
  }

  private static float[] scaled(float[] v, float factor) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= factor;
    }
    return v;
  }
}
