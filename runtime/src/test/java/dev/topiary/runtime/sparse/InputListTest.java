package dev.topiary.runtime.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link InputList}: listing the non-zero inputs, and the Dense product over the listed rows
 * (dense rows four at a time, sparse rows) against a plain double loop over all inputs: odd
 * sizes, one unit, empty and full lists, kernels 0%, 80% and 100% zero, rows all zero.
 */
class InputListTest {
  @Test
  void listsTheNonZeroInputsAndMultipliesTheirRowsOnly() {
    SplittableRandom rng = new SplittableRandom(3);
    int[][] shapes = {{5408, 64}, {2366, 29}, {1, 1}, {7, 3}, {13, 10}, {64, 10}, {33, 17}};
    for (int[] s : shapes) {
      int in = s[0];
      int units = s[1];
      for (double inputZeros : new double[] {0, 0.6, 1}) {
        for (double kernelZeros : new double[] {0, 0.8, 1}) {
          float[] x = ConvPoolListTest.random(rng, in, inputZeros);
          float[] k = ConvPoolListTest.random(rng, in * units, kernelZeros);
          for (int j = 0; j < units; j++) { // every third row all zero
            for (int p = 0; p < in; p += 3) {
              k[p * units + j] = 0f;
            }
          }
          float[] bias = rng.nextBoolean() ? null : ConvPoolListTest.random(rng, units, 0);
          check(x, k, bias, in, units, in + "x" + units + ", " + inputZeros + " input zeros, "
              + kernelZeros + " kernel zeros");
        }
      }
    }
  }

  private static void check(float[] x, float[] k, float[] bias, int in, int units,
      String where) {
    InputList list = new InputList(in);
    list.of(x, 0, in);
    int nonZero = 0;
    for (float v : x) {
      nonZero += v != 0f ? 1 : 0;
    }
    assertEquals(nonZero, list.count(), where);
    double[] expected = new double[units];
    double[] scale = new double[units];
    for (int j = 0; j < units; j++) {
      expected[j] = bias == null ? 0 : bias[j];
      scale[j] = Math.abs(expected[j]);
      for (int p = 0; p < in; p++) {
        double term = (double) x[p] * k[p * units + j];
        expected[j] += term;
        scale[j] += Math.abs(term);
      }
    }
    float[] y = new float[units + 1];
    y[0] = Float.NaN;
    list.mulAddBias(InputList.rows(k, in, units), bias, y, 1, units);
    compare(expected, scale, y, in, where + ", dense rows");
    y[0] = Float.NaN;
    list.mulAddBias(CsrMatrix.fromDense(k, in, units), bias, y, 1, units);
    compare(expected, scale, y, in, where + ", sparse rows");
  }

  private static void compare(double[] expected, double[] scale, float[] y, int terms,
      String where) {
    if (!Float.isNaN(y[0])) {
      throw new AssertionError(where + ": wrote before the output");
    }
    for (int j = 0; j < expected.length; j++) {
      double tol = Tolerances.productSum(terms, scale[j]) + 1e-30;
      if (!(Math.abs(expected[j] - y[j + 1]) <= tol)) {
        throw new AssertionError(where + " at " + j + ": expected " + expected[j] + ", found "
            + y[j + 1]);
      }
    }
  }
}
