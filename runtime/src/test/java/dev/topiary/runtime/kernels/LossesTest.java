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
 * {@link Losses}: the cross-entropy value (from the logits) and its gradient through the softmax
 * against the formulas and against finite differences of {@code -log softmax(z)[y]} in double;
 * hand-worked extreme rows (logits of +-30 cost 60, not the clipped 16.1); labels out of range;
 * argmax on ties.
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
      float[] z = floats(logits(rng, rows * k));
      float[] p = probabilities(doubles(z), rows, k);
      int off = rng.nextInt(0, 3);
      int[] labels = labels(rng, off, rows, k);
      float[] dz = new float[rows * k];

      float loss = Losses.softmaxCrossEntropy(z, p, labels, off, dz, rows, k);

      double expected = 0;
      for (int r = 0; r < rows; r++) {
        expected -= Math.log(softmax(doubles(z), r, k)[labels[off + r]]) / rows;
        for (int j = 0; j < k; j++) {
          double g = (p[r * k + j] - (j == labels[off + r] ? 1.0 : 0.0)) / rows;
          assertClose(g, dz[r * k + j], ELEMENT, Math.abs(g) + 1.0 / rows,
              rows + "x" + k + " dz[" + r + "][" + j + "]");
        }
      }
      assertClose(expected, loss, ELEMENT, expected, rows + "x" + k + " loss");
      assertClose(Losses.softmaxCrossEntropySum(z, labels, off, rows, k), (double) loss * rows, SUM,
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
      Losses.softmaxCrossEntropy(floats(z), probabilities(z, rows, k), labels, 0, dz, rows, k);
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

  private static float[] floats(double[] z) {
    float[] f = new float[z.length];
    for (int i = 0; i < z.length; i++) {
      f[i] = (float) z[i];
    }
    return f;
  }

  private static double[] doubles(float[] z) {
    double[] d = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      d[i] = z[i];
    }
    return d;
  }

  @Test
  void lossComesFromTheLogitsUnclippedAsKerasComputesIt() {
    // Worked by hand, -log p[y] = log(sum_j exp(z_j)) - z_y:
    // row 0: z = (30, -30), y = 1: log(e^30 + e^-30) + 30 = 30 + log(1 + e^-60) + 30 = 60.0
    //        (clipping p to 1e-7 would report 16.118; p in float is 8.8e-27)
    // row 1: z = (0, 0), y = 0: log 2 = 0.693147
    // row 2: z = (1000, 0), y = 0: log(1 + e^-1000) = 0 (p rounds to 1: no overflow of e^1000)
    // row 3: z = (-1000, 0), y = 0: log(e^-1000 + 1) + 1000 = 1000 (p is 0 in float)
    // row 4: z = (ln 3, 0, 0), y = 1: log(3 + 1 + 1) - 0 = log 5 = 1.609438
    float[][] rows = {{30f, -30f}, {0f, 0f}, {1000f, 0f}, {-1000f, 0f}};
    int[] labels = {1, 0, 0, 0};
    double[] expected = {60.0, Math.log(2), 0.0, 1000.0};
    for (int r = 0; r < rows.length; r++) {
      float[] z = rows[r];
      float[] p = z.clone();
      Activations.softmax(p, 1, 2);
      double sum = Losses.softmaxCrossEntropySum(z, labels, r, 1, 2);
      float mean = Losses.softmaxCrossEntropy(z, p, labels, r, new float[2], 1, 2);
      assertClose(expected[r], sum, ELEMENT, Math.max(1, expected[r]), "row " + r + " sum");
      assertClose(expected[r], mean, ELEMENT, Math.max(1, expected[r]), "row " + r + " mean");
    }
    float[] three = {(float) Math.log(3), 0f, 0f};
    assertClose(Math.log(5), Losses.softmaxCrossEntropySum(three, new int[] {1}, 0, 1, 3),
        ELEMENT, 1, "three classes");
    // the batch of the four two-class rows: their mean and their sum
    float[] batch = {30f, -30f, 0f, 0f, 1000f, 0f, -1000f, 0f};
    float[] p = batch.clone();
    Activations.softmax(p, 4, 2);
    float[] dz = new float[8];
    double total = 60.0 + Math.log(2) + 0.0 + 1000.0;
    assertClose(total, Losses.softmaxCrossEntropySum(batch, labels, 0, 4, 2), SUM, total, "sum");
    assertClose(total / 4, Losses.softmaxCrossEntropy(batch, p, labels, 0, dz, 4, 2), SUM,
        total / 4, "mean");
    // the gradient of row 0 is (p - onehot) / 4 = (1, -1) / 4 to float precision
    assertClose(0.25, dz[0], ELEMENT, 1, "dz[0][0]");
    assertClose(-0.25, dz[1], ELEMENT, 1, "dz[0][1]");
  }

  @Test
  void labelOutsideTheClassesIsRejectedWithTheLabelInTheMessage() {
    double[] z = logits(new SplittableRandom(43), 6);
    float[] p = probabilities(z, 2, 3);
    float[] zf = floats(z);
    for (int bad : new int[] {-1, 3, 12}) {
      int[] labels = {1, bad};
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Losses.softmaxCrossEntropy(zf, p, labels, 0, new float[6], 2, 3));
      assertTrue(e.getMessage().contains("label " + bad), e.getMessage());
      assertTrue(e.getMessage().contains("0 to 2"), e.getMessage());
      IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
          () -> Losses.softmaxCrossEntropySum(zf, labels, 0, 2, 3));
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
