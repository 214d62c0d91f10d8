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
      Conv2DKernels.im2col(x, xOff, cols, batch, new ConvGeometry(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], 1));
      MatMul.mulAddBias(cols, 0, kernel, bias, convOut, rows, patch, filters);
      Activations.relu(convOut, rows * filters);
      MaxPoolKernels.forward(convOut, 0, pooled, argmax, batch, new PoolGeometry(g[9], g[10], filters, g[12], g[13], g[14], g[15], g[16], g[17], g[18], g[19]));

      ConvPoolTraining fused = new ConvPoolTraining(new ConvGeometry(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], filters), new PoolGeometry(g[9], g[10], filters, g[12], g[13], g[14], g[15], g[16], g[17], g[18], g[19]));
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

  @Test
  void backwardEqualsTheUnfusedKernels() {
    // convGrad bit for bit; the kernel and bias gradients within float reassociation (the sums
    // are taken image by image), and bit for bit on any number of threads.
    SplittableRandom rng = new SplittableRandom(32);
    for (int[] g : CASES) {
      int batch = g[20];
      int rows = batch * g[9] * g[10];
      int patch = g[3] * g[4] * g[2];
      int filters = g[11];
      int pooledSize = batch * g[18] * g[19] * filters;
      float[] x = random(rng, batch * g[0] * g[1] * g[2], 0.3);
      float[] kernel = random(rng, patch * filters, 0.2);
      float[] bias = random(rng, filters, 0);
      ConvPoolTraining fused = new ConvPoolTraining(new ConvGeometry(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], filters), new PoolGeometry(g[9], g[10], filters, g[12], g[13], g[14], g[15], g[16], g[17], g[18], g[19]));
      float[] cols = new float[rows * patch];
      float[] convOut = new float[rows * filters];
      float[] pooled = new float[pooledSize];
      int[] argmax = new int[pooledSize];
      fused.forward(x, 0, kernel, bias, cols, convOut, pooled, argmax, batch);
      float[] poolGrad = random(rng, pooledSize, 0.1);

      float[] expectedGrad = new float[rows * filters];
      MaxPoolKernels.backward(poolGrad, argmax, expectedGrad, pooledSize, expectedGrad.length);
      Activations.reluBackward(convOut, expectedGrad, expectedGrad.length);

      float[] convGrad = new float[rows * filters];
      float[] kernelGrad = new float[patch * filters];
      float[] biasGrad = new float[filters];
      fused.backward(poolGrad, pooled, argmax, cols, convGrad, kernelGrad, biasGrad, batch);

      String what = "case " + java.util.Arrays.toString(g);
      for (int i = 0; i < convGrad.length; i++) {
        if (Float.floatToRawIntBits(expectedGrad[i]) != Float.floatToRawIntBits(convGrad[i])) {
          throw new AssertionError(what + " convGrad[" + i + "]");
        }
      }
      for (int p = 0; p < patch; p++) {
        for (int f = 0; f < filters; f++) {
          double sum = 0;
          double scale = 0;
          for (int r = 0; r < rows; r++) {
            double t = (double) cols[r * patch + p] * expectedGrad[r * filters + f];
            sum += t;
            scale += Math.abs(t);
          }
          Tolerances.assertClose(sum, kernelGrad[p * filters + f], Tolerances.sumOf(rows), scale,
              what + " kernel gradient [" + p + "][" + f + "]");
        }
      }
      for (int f = 0; f < filters; f++) {
        double sum = 0;
        double scale = 0;
        for (int r = 0; r < rows; r++) {
          sum += expectedGrad[r * filters + f];
          scale += Math.abs(expectedGrad[r * filters + f]);
        }
        Tolerances.assertClose(sum, biasGrad[f], Tolerances.sumOf(rows), scale,
            what + " bias gradient [" + f + "]");
      }
      float[] all = new float[kernelGrad.length + filters];
      System.arraycopy(kernelGrad, 0, all, 0, kernelGrad.length);
      System.arraycopy(biasGrad, 0, all, kernelGrad.length, filters);
      assertSameOnThreads(all, () -> {
        float[] k = new float[patch * filters];
        float[] b = new float[filters];
        fused.backward(poolGrad, pooled, argmax, cols, new float[rows * filters], k, b, batch);
        float[] out = new float[k.length + filters];
        System.arraycopy(k, 0, out, 0, k.length);
        System.arraycopy(b, 0, out, k.length, filters);
        return out;
      }, what + " backward");
    }
  }
}
