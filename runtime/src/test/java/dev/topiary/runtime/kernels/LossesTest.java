package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.MatMulTest.random;
import static dev.topiary.runtime.kernels.Tolerances.ELEMENT;
import static dev.topiary.runtime.kernels.Tolerances.FD_STEP;
import static dev.topiary.runtime.kernels.Tolerances.FINITE_DIFFERENCE;
import static dev.topiary.runtime.kernels.Tolerances.SUM;
import static dev.topiary.runtime.kernels.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Losses}: the cross-entropy value and its gradient through the softmax against the
 * formulas and against finite differences of {@code -log softmax(z)[y]} in double; labels out of
 * range; argmax on ties.
 */
class LossesTest {
  private static final int[][] SHAPES = {{1, 2}, {3, 5}, {4, 10}, {2, 17}};

  /** Softmax of {@code z} in double, as float probabilities. */
  private static float[] probabilities(double[] z, int rows, int k) {
    float[] p = new float[rows * k];
    for (int r = 0; r < rows; r++) {
      double[] row = softmax(z, r, k);
      for (int j = 0; j < k; j++) {
        p[r * k + j] = (float) row[j];
      }
    }
    return p;
  }

  private static double[] softmax(double[] z, int r, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      max = Math.max(max, z[r * k + j]);
    }
    double sum = 0;
    double[] e = new double[k];
    for (int j = 0; j < k; j++) {
      e[j] = Math.exp(z[r * k + j] - max);
      sum += e[j];
    }
    for (int j = 0; j < k; j++) {
      e[j] /= sum;
    }
    return e;
  }

  private static double[] logits(SplittableRandom rng, int size) {
    double[] z = new double[size];
    for (int i = 0; i < size; i++) {
      z[i] = (rng.nextDouble() * 2 - 1) * 4;
    }
    return z;
  }

  private static int[] labels(SplittableRandom rng, int off, int rows, int k) {
    int[] labels = new int[off + rows];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i < off ? -99 : rng.nextInt(k); // entries before labelOff are never read
    }
    return labels;
  }

  @Test
  void softmaxCrossEntropyIsTheMeanNegativeLogAndItsGradientIsPMinusOneHotOverRows() {
    SplittableRandom rng = new SplittableRandom(41);
    for (int[] s : SHAPES) {
      int rows = s[0];
      int k = s[1];
      float[] p = probabilities(logits(rng, rows * k), rows, k);
      int off = rng.nextInt(0, 3);
      int[] labels = labels(rng, off, rows, k);
      float[] dz = new float[rows * k];

      float loss = Losses.softmaxCrossEntropy(p, labels, off, dz, rows, k);

      double expected = 0;
      for (int r = 0; r < rows; r++) {
        expected -= Math.log(p[r * k + labels[off + r]]) / rows;
        for (int j = 0; j < k; j++) {
          double g = (p[r * k + j] - (j == labels[off + r] ? 1.0 : 0.0)) / rows;
          assertClose(g, dz[r * k + j], ELEMENT, Math.abs(g) + 1.0 / rows,
              rows + "x" + k + " dz[" + r + "][" + j + "]");
        }
      }
      assertClose(expected, loss, ELEMENT, expected, rows + "x" + k + " loss");
      assertClose(Losses.crossEntropySum(p, labels, off, rows, k), (double) loss * rows, SUM,
          expected * rows, rows + "x" + k + " crossEntropySum");
    }
  }

  @Test
  void gradientIsTheDerivativeOfTheMeanLossWithRespectToTheLogits() {
    // Independent of the formula above: central differences of mean_r -log softmax(z_r)[y_r].
    SplittableRandom rng = new SplittableRandom(42);
    for (int[] s : SHAPES) {
      int rows = s[0];
      int k = s[1];
      double[] z = logits(rng, rows * k);
      int[] labels = labels(rng, 0, rows, k);
      float[] dz = new float[rows * k];
      Losses.softmaxCrossEntropy(probabilities(z, rows, k), labels, 0, dz, rows, k);
      for (int i = 0; i < z.length; i++) {
        double saved = z[i];
        z[i] = saved + FD_STEP;
        double plus = meanLoss(z, labels, rows, k);
        z[i] = saved - FD_STEP;
        double minus = meanLoss(z, labels, rows, k);
        z[i] = saved;
        double fd = (plus - minus) / (2 * FD_STEP);
        assertClose(fd, dz[i], FINITE_DIFFERENCE, 1, rows + "x" + k + " dz[" + i + "]");
      }
    }
  }

  private static double meanLoss(double[] z, int[] labels, int rows, int k) {
    double loss = 0;
    for (int r = 0; r < rows; r++) {
      loss -= Math.log(softmax(z, r, k)[labels[r]]);
    }
    return loss / rows;
  }

  @Test
  void probabilitiesAreClippedSoTheLossStaysFinite() {
    // Row 0 gives its label probability 0 (log would be -infinity), row 1 gives it 1 (log 0).
    float[] p = {0f, 1f, 1f, 0f};
    int[] labels = {0, 0};
    float loss = Losses.softmaxCrossEntropy(p, labels, 0, new float[4], 2, 2);
    double expected = (-Math.log(Losses.EPSILON) - Math.log(1f - Losses.EPSILON)) / 2;
    assertClose(expected, loss, ELEMENT, expected, "loss of a certain wrong prediction");
  }

  @Test
  void labelOutsideTheClassesIsRejectedWithTheLabelInTheMessage() {
    float[] p = probabilities(logits(new SplittableRandom(43), 6), 2, 3);
    for (int bad : new int[] {-1, 3, 12}) {
      int[] labels = {1, bad};
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Losses.softmaxCrossEntropy(p, labels, 0, new float[6], 2, 3));
      assertTrue(e.getMessage().contains("label " + bad), e.getMessage());
      assertTrue(e.getMessage().contains("0 to 2"), e.getMessage());
      IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
          () -> Losses.crossEntropySum(p, labels, 0, 2, 3));
      assertTrue(sum.getMessage().contains("label " + bad), sum.getMessage());
    }
  }

  @Test
  void argmaxTakesTheFirstOnTies() {
    float[] p = {
        0.1f, 0.4f, 0.4f, 0.1f,
        0.25f, 0.25f, 0.25f, 0.25f,
        0.1f, 0.2f, 0.3f, 0.4f,
        0.7f, 0.1f, 0.1f, 0.7f};
    int[] expected = {1, 0, 3, 0};
    for (int r = 0; r < 4; r++) {
      int first = 0;
      for (int j = 1; j < 4; j++) {
        if (p[r * 4 + j] > p[r * 4 + first]) {
          first = j;
        }
      }
      assertEquals(expected[r], first, "the test's own reading of row " + r);
      assertEquals(first, Losses.argmax(p, r, 4), "row " + r);
    }
  }

  @Test
  void argmaxMatchesAPlainLoopOnRandomRows() {
    SplittableRandom rng = new SplittableRandom(44);
    float[] p = random(rng, 50 * 7, 0.3); // many exact zeros: ties
    for (int r = 0; r < 50; r++) {
      int first = 0;
      for (int j = 1; j < 7; j++) {
        if (p[r * 7 + j] > p[r * 7 + first]) {
          first = j;
        }
      }
      assertEquals(first, Losses.argmax(p, r, 7), "row " + r);
    }
  }
}
