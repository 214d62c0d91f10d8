package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.MatMulBlockedTest.assertSameOnThreads;
import static dev.topiary.runtime.kernels.MatMulTest.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernels that split work over a {@link WorkerPool} besides the products: the same bits on
 * 1, 2 and 3 threads, at sizes past their thresholds, and (for the reductions) within float
 * reassociation of a plain loop.
 */
class ThreadCountTest {
  @Test
  void im2colIsTheSameOnAnyThreadCount() {
    SplittableRandom rng = new SplittableRandom(21);
    int batch = 40;
    float[] x = random(rng, 3 + batch * 28 * 28, 0.7);
    float[] cols = new float[batch * 26 * 26 * 9];
    Conv2DKernels.im2col(x, 3, cols, batch, new ConvGeometry(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26, 1));
    assertSameOnThreads(cols, () -> {
      float[] out = new float[cols.length];
      Conv2DKernels.im2col(x, 3, out, batch, new ConvGeometry(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26, 1));
      return out;
    }, "im2col");
  }

  @Test
  void maxPoolForwardIsTheSameOnAnyThreadCount() {
    SplittableRandom rng = new SplittableRandom(22);
    int batch = 40;
    float[] x = random(rng, batch * 26 * 26 * 32, 0.5);
    float[] y = new float[batch * 13 * 13 * 32];
    int[] argmax = new int[y.length];
    MaxPoolKernels.forward(x, 0, y, argmax, batch, new PoolGeometry(26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13));
    assertSameOnThreads(y, () -> {
      float[] out = new float[y.length];
      MaxPoolKernels.forward(x, 0, out, new int[y.length], batch, new PoolGeometry(26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13));
      return out;
    }, "max pool values");
    float[] winners = new float[argmax.length];
    for (int i = 0; i < argmax.length; i++) {
      winners[i] = argmax[i];
    }
    assertSameOnThreads(winners, () -> {
      int[] out = new int[argmax.length];
      MaxPoolKernels.forward(x, 0, new float[y.length], out, batch, new PoolGeometry(26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13));
      float[] asFloats = new float[out.length];
      for (int i = 0; i < out.length; i++) {
        asFloats[i] = out[i];
      }
      return asFloats;
    }, "max pool winners");
  }

  @Test
  void maxPoolBreaksTiesOfSignedZerosAndInfinitiesAgainstFiniteValuesExactly() {
    float inf = Float.POSITIVE_INFINITY;
    float[][] windows = {{-0f, 0f, 0f, -0f}, {0f, -0f, -1f, -0f}, {1f, inf, 2f, 3f},
        {-inf, -3f, -inf, -3f}, {Float.MIN_VALUE, 0f, Float.MIN_VALUE, 2 * Float.MIN_VALUE},
        {-Float.MAX_VALUE, Float.MAX_VALUE, 0f, Float.MAX_VALUE}};
    int[] expected = {0, 0, 1, 1, 3, 1};
    for (int w = 0; w < windows.length; w++) {
      float[] x = new float[4];
      // a 2x2 image of one channel: window order (0,0), (0,1), (1,0), (1,1)
      System.arraycopy(windows[w], 0, x, 0, 4);
      float[] y = new float[1];
      int[] argmax = new int[1];
      MaxPoolKernels.forward(x, 0, y, argmax, 1, new PoolGeometry(2, 2, 1, 2, 2, 2, 2, 0, 0, 1, 1));
      assertEquals(expected[w], argmax[0], "window " + Arrays.toString(windows[w]));
      assertEquals(windows[w][expected[w]], y[0], 0f, "window " + Arrays.toString(windows[w]));
    }
  }

  @Test
  void sumRowsIsTheSameOnAnyThreadCountAndCloseToAPlainSum() {
    SplittableRandom rng = new SplittableRandom(23);
    for (int[] s : new int[][] {{40 * 676, 32}, {5000, 7}, {3, 600}, {1025, 64}}) {
      int rows = s[0], k = s[1];
      float[] d = random(rng, rows * k, 0.6);
      float[] db = new float[k];
      Activations.sumRows(d, db, rows, k);
      for (int j = 0; j < k; j++) {
        double sum = 0;
        double scale = 0;
        for (int r = 0; r < rows; r++) {
          sum += d[r * k + j];
          scale += Math.abs(d[r * k + j]);
        }
        Tolerances.assertClose(sum, db[j], Tolerances.sumOf(rows), scale, "sumRows " + rows + "x"
            + k + " column " + j);
      }
      assertSameOnThreads(db, () -> {
        float[] out = new float[k];
        Activations.sumRows(d, out, rows, k);
        return out;
      }, "sumRows " + rows + "x" + k);
    }
  }

  @Test
  void reluBackwardIsTheSameOnAnyThreadCount() {
    SplittableRandom rng = new SplittableRandom(24);
    int n = 40 * 21632;
    float[] a = random(rng, n, 0.5);
    float[] d0 = random(rng, n, 0.7);
    float[] d = d0.clone();
    Activations.reluBackward(a, d, n);
    for (int i = 0; i < n; i += 997) {
      assertEquals(a[i] > 0f ? d0[i] : 0f, d[i], 0f, "element " + i);
    }
    assertSameOnThreads(d, () -> {
      float[] out = d0.clone();
      Activations.reluBackward(a, out, n);
      return out;
    }, "reluBackward");
  }

  @Test
  void reluBackwardIsTheBranchOnEveryValue() {
    float[] special = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0xFFC0_0000), Float.intBitsToFloat(0x7F80_0001)};
    int n = special.length * special.length;
    float[] a = new float[n];
    float[] d = new float[n];
    for (int i = 0; i < special.length; i++) {
      for (int j = 0; j < special.length; j++) {
        a[i * special.length + j] = special[i];
        d[i * special.length + j] = special[j];
      }
    }
    float[] expected = new float[n];
    for (int i = 0; i < n; i++) {
      expected[i] = a[i] > 0f ? d[i] : 0f;
    }
    Activations.reluBackward(a, d, n);
    for (int i = 0; i < n; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(d[i]),
          "a = " + a[i] + ", d = " + expected[i]);
    }
  }
}
