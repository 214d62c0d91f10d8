package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.MatMulBlockedTest.assertSameOnThreads;
import static dev.topiary.runtime.kernels.MatMulTest.embed;
import static dev.topiary.runtime.kernels.MatMulTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvPoolTraining} against the unfused kernels it runs image by image (im2col, product,
 * ReLU, max pooling): the same bits in every buffer, on 1, 2 and 3 threads, for the seed's
 * geometry, SAME padding with overlapping pool windows, several input channels, few filters (the
 * plain product) and one image.
 */
class ConvPoolTrainingTest {
  /** {h, w, c, kh, kw, sh, sw, padTop, padLeft, oh, ow, filters, ph, pw, psh, psw, ppt, ppl, poh, pow, batch}. */
  private static final int[][] CASES = {
      {28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13, 40},
      {9, 8, 3, 3, 3, 1, 1, 1, 1, 9, 8, 16, 3, 3, 2, 2, 1, 1, 5, 4, 5},
      {10, 10, 2, 3, 2, 2, 1, 0, 0, 4, 9, 20, 2, 2, 2, 2, 0, 0, 2, 4, 3},
      {8, 8, 1, 3, 3, 1, 1, 0, 0, 6, 6, 8, 2, 2, 2, 2, 0, 0, 3, 3, 4},
      {28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13, 1}};

  @Test
  void equalsTheUnfusedKernelsBitForBit() {
    SplittableRandom rng = new SplittableRandom(31);
    for (int[] g : CASES) {
      int batch = g[20];
      int xOff = 2;
      int rows = batch * g[9] * g[10];
      int patch = g[3] * g[4] * g[2];
      int filters = g[11];
      float[] x = embed(random(rng, batch * g[0] * g[1] * g[2], 0.3), xOff);
      float[] kernel = random(rng, patch * filters, 0.2);
      float[] bias = random(rng, filters, 0);
      int pooledSize = batch * g[18] * g[19] * filters;

      float[] cols = new float[rows * patch];
      float[] convOut = new float[rows * filters];
      float[] pooled = new float[pooledSize];
      int[] argmax = new int[pooledSize];
      Conv2DKernels.im2col(x, xOff, cols, batch, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7],
          g[8], g[9], g[10]);
      MatMul.mulAddBias(cols, 0, kernel, bias, convOut, rows, patch, filters);
      Activations.relu(convOut, rows * filters);
      MaxPoolKernels.forward(convOut, 0, pooled, argmax, batch, g[9], g[10], filters, g[12],
          g[13], g[14], g[15], g[16], g[17], g[18], g[19]);

      ConvPoolTraining fused = new ConvPoolTraining(g[0], g[1], g[2], g[3], g[4], g[5], g[6],
          g[7], g[8], g[9], g[10], filters, g[12], g[13], g[14], g[15], g[16], g[17], g[18],
          g[19]);
      float[][] out = new float[4][];
      java.util.function.Supplier<float[]> run = () -> {
        out[0] = new float[cols.length];
        out[1] = new float[convOut.length];
        out[2] = new float[pooledSize];
        int[] winners = new int[pooledSize];
        fused.forward(x, xOff, kernel, bias, out[0], out[1], out[2], winners, batch);
        out[3] = new float[pooledSize];
        for (int i = 0; i < pooledSize; i++) {
          out[3][i] = winners[i];
        }
        float[] all = new float[cols.length + convOut.length + 2 * pooledSize];
        int at = 0;
        for (float[] part : out) {
          System.arraycopy(part, 0, all, at, part.length);
          at += part.length;
        }
        return all;
      };
      float[] all = run.get();
      String what = "case " + java.util.Arrays.toString(g);
      assertArrayEquals(cols, out[0], 0f, what + " cols");
      assertArrayEquals(convOut, out[1], 0f, what + " conv activations");
      assertArrayEquals(pooled, out[2], 0f, what + " pooled");
      for (int i = 0; i < pooledSize; i++) {
        if (argmax[i] != (int) out[3][i]) {
          throw new AssertionError(what + " argmax[" + i + "]");
        }
      }
      assertSameOnThreads(all, run, what);
    }
  }
}
