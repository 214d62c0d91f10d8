package dev.topiary.runtime.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link LaneDense}: the product of a tile of images in lane layout with the kept weights, each
 * image against a plain double loop over all its inputs: the seed's and odd shapes, one unit,
 * kernels 0%, 80% and 100% zero, columns all zero, partial tiles, with and without a bias; and
 * only the tile's images' outputs written.
 */
class LaneDenseTest {
  private static final int LANES = LaneConvPool.LANES;

  @Test
  void multipliesEveryImageOfTheTileByTheKeptWeights() {
    SplittableRandom rng = new SplittableRandom(21);
    int[][] shapes = {{5408, 64}, {2366, 29}, {1, 1}, {7, 3}, {13, 10}, {64, 10}, {33, 17}};
    for (int[] s : shapes) {
      int in = s[0];
      int units = s[1];
      for (double kernelZeros : new double[] {0, 0.8, 1}) {
        for (int images : new int[] {1, 7, LANES}) {
          float[] k = ConvPoolListTest.random(rng, in * units, kernelZeros);
          for (int p = 0; p < in; p++) { // unit 0's column all zero
            k[p * units] = 0f;
          }
          float[] bias = rng.nextBoolean() ? null : ConvPoolListTest.random(rng, units, 0);
          check(rng, k, bias, in, units, images, in + "x" + units + ", " + kernelZeros
              + " zeros, " + images + " images");
        }
      }
    }
  }

  private static void check(SplittableRandom rng, float[] k, float[] bias, int in, int units,
      int images, String where) {
    float[] x = new float[in * LANES];
    float[][] byImage = new float[LANES][];
    for (int t = 0; t < LANES; t++) {
      byImage[t] = ConvPoolListTest.random(rng, in, 0.6);
      for (int i = 0; i < in; i++) {
        x[i * LANES + t] = byImage[t][i];
      }
    }
    LaneDense dense = new LaneDense(k, in, units);
    assertEquals(in, dense.inputs());
    int yOff = 3;
    float[] y = new float[yOff + LANES * units + 1];
    for (int call = 0; call < 2; call++) {
      Arrays.fill(y, Float.NaN);
      dense.mulAddBias(x, images, bias, y, yOff);
      for (int t = 0; t < images; t++) {
        for (int u = 0; u < units; u++) {
          double expected = bias == null ? 0 : bias[u];
          double scale = Math.abs(expected);
          for (int i = 0; i < in; i++) {
            double term = (double) byImage[t][i] * k[i * units + u];
            expected += term;
            scale += Math.abs(term);
          }
          float actual = y[yOff + t * units + u];
          assertEquals(expected, actual, Tolerances.productSum(in, scale) + Float.MIN_VALUE,
              where + ": image " + t + ", unit " + u);
        }
      }
      for (int i = 0; i < y.length; i++) {
        boolean inside = i >= yOff && i < yOff + images * units;
        assertEquals(inside, !Float.isNaN(y[i]), where + ": y[" + i + "] written: " + !inside);
      }
    }
    assertTrue(dense.bytes() > 0);
  }
}
