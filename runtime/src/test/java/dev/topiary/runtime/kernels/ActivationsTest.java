package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.MatMulTest.random;
import static dev.topiary.runtime.kernels.Tolerances.ELEMENT;
import static dev.topiary.runtime.kernels.Tolerances.FINITE_DIFFERENCE;
import static dev.topiary.runtime.kernels.Tolerances.PIECEWISE_FD_STEP;
import static dev.topiary.runtime.kernels.Tolerances.SUM;
import static dev.topiary.runtime.kernels.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Activations} against plain loops and the textbook formulas: ReLU and its backward,
 * LeakyReLU and its backward (against finite differences of the forward), softmax (rows sum to
 * 1, no overflow at large logits), softmax backward against the explicit Jacobian product, and
 * the bias add and bias gradient.
 */
class ActivationsTest {
  /** Marks an entry past {@code n}; it must survive the call. */
  private static final float UNTOUCHED_NEGATIVE = -12345f;

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
  void leakyReluScalesNegativesByAlphaAndStopsAtN() {
    // Known values first (Keras: LeakyReLU(0.3)(-2) = -0.6), then a plain loop on random inputs.
    float[] known = {-2f, 0f, 1.5f, -0f, 4f, UNTOUCHED_NEGATIVE};
    Activations.leakyRelu(known, 5, 0.3f);
    assertEquals(-0.6f, known[0]);
    assertEquals(0f, known[1]);
    assertEquals(1.5f, known[2]);
    assertEquals(-0f, known[3]); // alpha * -0 is -0, as in TensorFlow
    assertEquals(4f, known[4]);
    assertEquals(UNTOUCHED_NEGATIVE, known[5], "wrote past n");
    SplittableRandom rng = new SplittableRandom(38);
    for (float alpha : new float[] {0.3f, 0.01f, 0f, 1f}) {
      float[] z = random(rng, 40, 0.2);
      float[] a = z.clone();
      Activations.leakyRelu(a, 33, alpha);
      for (int i = 0; i < z.length; i++) {
        float expected = i < 33 ? (z[i] > 0 ? z[i] : alpha * z[i]) : z[i];
        assertEquals(expected, a[i], "a[" + i + "] from z = " + z[i] + ", alpha " + alpha);
      }
    }
  }

  @Test
  void leakyReluBackwardMatchesFiniteDifferencesOfTheForward() {
    // LeakyReLU is linear on each side of 0, so central differences of the float forward are
    // exact for |z| > h; the backward reads only the output, whose sign is the input's.
    SplittableRandom rng = new SplittableRandom(39);
    float h = PIECEWISE_FD_STEP;
    for (float alpha : new float[] {0.3f, 0.1f, 0.01f, 2f}) {
      float[] z = new float[40];
      for (int i = 0; i < z.length; i++) {
        float v = rng.nextInt(-1024, 1025) / 256f;
        z[i] = Math.abs(v) > 2 * h ? v : 1f; // away from the kink at 0
      }
      float[] g = random(rng, z.length, 0);
      float[] a = z.clone();
      Activations.leakyRelu(a, a.length, alpha);
      float[] d = g.clone();
      Activations.leakyReluBackward(a, d, 33, alpha);
      for (int i = 0; i < z.length; i++) {
        float[] plus = {z[i] + h};
        float[] minus = {z[i] - h};
        Activations.leakyRelu(plus, 1, alpha);
        Activations.leakyRelu(minus, 1, alpha);
        double fd = g[i] * ((double) plus[0] - minus[0]) / (2.0 * h);
        String where = "d[" + i + "] at z = " + z[i] + ", alpha " + alpha;
        if (i < 33) {
          assertClose(fd, d[i], FINITE_DIFFERENCE, Math.abs(g[i]) * Math.max(1, alpha), where);
        } else {
          assertEquals(g[i], d[i], where + ": past n");
        }
      }
    }
  }

  @Test
  void leakyReluBackwardAtZeroTakesAlphaAsTensorFlowDoes() {
    // tf.nn.leaky_relu's gradient is (x > 0 ? 1 : alpha), so alpha at x = 0.
    float[] a = {0f, -0f};
    Activations.leakyRelu(a, 2, 0.3f);
    float[] d = {2f, -4f};
    Activations.leakyReluBackward(a, d, 2, 0.3f);
    assertClose(0.6, d[0], ELEMENT, 0.6, "gradient at +0");
    assertClose(-1.2, d[1], ELEMENT, 1.2, "gradient at -0");
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
