package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.MatMulTest.embed;
import static dev.topiary.runtime.kernels.MatMulTest.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link MaxPoolKernels} against a plain loop: VALID and SAME padding, strides equal to, smaller
 * than (overlapping windows) and larger than the pool size; ties go to the first element in
 * row-major window order; the backward pass routes each gradient to its window's winner.
 */
class MaxPoolKernelsTest {
  /** One pooling's geometry; output size and padding follow TensorFlow. */
  private static final class Pooling {
    final int batch, h, w, c, ph, pw, sh, sw;
    final boolean same;
    final int oh, ow, padTop, padLeft;

    Pooling(int batch, int h, int w, int c, int ph, int pw, int sh, int sw, boolean same) {
      this.batch = batch;
      this.h = h;
      this.w = w;
      this.c = c;
      this.ph = ph;
      this.pw = pw;
      this.sh = sh;
      this.sw = sw;
      this.same = same;
      this.oh = TensorFlowGeometry.outputSize(h, ph, sh, same);
      this.ow = TensorFlowGeometry.outputSize(w, pw, sw, same);
      this.padTop = TensorFlowGeometry.padBefore(h, ph, sh, same);
      this.padLeft = TensorFlowGeometry.padBefore(w, pw, sw, same);
    }

    int inputSize() {
      return batch * h * w * c;
    }

    int outputSize() {
      return batch * oh * ow * c;
    }

    void forward(float[] x, int xOff, float[] y, int[] argmax) {
      MaxPoolKernels.forward(x, xOff, y, argmax, batch, new PoolGeometry(h, w, c, ph, pw, sh, sw, padTop, padLeft, oh, ow));
    }

    /** The plain loop: for each output, the index of the first largest input in its window. */
    int[] winners(float[] x) {
      int[] winners = new int[outputSize()];
      int o = 0;
      for (int n = 0; n < batch; n++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            for (int ch = 0; ch < c; ch++) {
              int best = -1;
              for (int wy = 0; wy < ph; wy++) {
                for (int wx = 0; wx < pw; wx++) {
                  int iy = oy * sh - padTop + wy;
                  int ix = ox * sw - padLeft + wx;
                  if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                    continue; // padding never wins
                  }
                  int i = ((n * h + iy) * w + ix) * c + ch;
                  if (best < 0 || x[i] > x[best]) {
                    best = i;
                  }
                }
              }
              winners[o++] = best;
            }
          }
        }
      }
      return winners;
    }

    @Override
    public String toString() {
      return "batch " + batch + ", " + h + "x" + w + "x" + c + ", pool " + ph + "x" + pw
          + ", strides " + sh + "x" + sw + (same ? ", SAME" : ", VALID");
    }
  }

  private static List<Pooling> poolings() {
    List<Pooling> cases = new ArrayList<>(Arrays.asList(
        new Pooling(2, 4, 4, 1, 2, 2, 2, 2, false),
        new Pooling(2, 5, 5, 2, 2, 2, 2, 2, false), // odd size: the last row and column dropped
        new Pooling(1, 5, 5, 2, 2, 2, 2, 2, true), // odd size: the last window half padding
        new Pooling(2, 7, 6, 3, 3, 3, 2, 2, false), // overlapping
        new Pooling(1, 6, 7, 2, 3, 3, 1, 1, true), // overlapping, padding on every side
        new Pooling(1, 7, 7, 1, 2, 3, 3, 2, true), // strides larger than the pool: gaps
        new Pooling(3, 6, 5, 2, 3, 2, 1, 3, false),
        new Pooling(1, 1, 1, 1, 1, 1, 1, 1, false),
        // Channels as wide as vectors (the Vector API kernels' 2x2 windows), and a tail of 3.
        new Pooling(2, 6, 6, 32, 2, 2, 2, 2, false),
        new Pooling(1, 5, 4, 16, 2, 2, 2, 2, true),
        new Pooling(2, 4, 6, 35, 2, 2, 1, 1, false)));
    SplittableRandom rng = new SplittableRandom(21);
    while (cases.size() < 50) {
      Pooling p = new Pooling(rng.nextInt(1, 4), rng.nextInt(1, 9), rng.nextInt(1, 9),
          rng.nextInt(1, 4), rng.nextInt(1, 4), rng.nextInt(1, 4), rng.nextInt(1, 4),
          rng.nextInt(1, 4), rng.nextBoolean());
      if (p.same || (p.ph <= p.h && p.pw <= p.w)) {
        cases.add(p);
      }
    }
    return cases;
  }

  @Test
  void forwardMatchesPlainLoop() {
    SplittableRandom rng = new SplittableRandom(22);
    checkForward(size -> random(rng, size, 0), true);
  }

  @Test
  void tiesGoToTheFirstInRowMajorWindowOrder() {
    SplittableRandom rng = new SplittableRandom(23);
    checkForward(size -> {
      float[] x = new float[size];
      for (int i = 0; i < size; i++) {
        x[i] = rng.nextInt(0, 2); // ties in most windows
      }
      return x;
    }, true);
    checkForward(float[]::new, true); // all equal: the window's first valid element wins
  }

  @Test
  void paddingNeverWins() {
    // All inputs negative: a padded zero would be the maximum if padding took part.
    SplittableRandom rng = new SplittableRandom(24);
    checkForward(size -> {
      float[] x = random(rng, size, 0);
      for (int i = 0; i < size; i++) {
        x[i] = -1f - Math.abs(x[i]);
      }
      return x;
    }, false);
  }

  private static void checkForward(IntFunction<float[]> inputs, boolean allowZeroOutputs) {
    SplittableRandom rng = new SplittableRandom(25);
    for (Pooling p : poolings()) {
      float[] x = inputs.apply(p.inputSize());
      int xOff = rng.nextInt(0, 4);
      float[] y = new float[p.outputSize()];
      Arrays.fill(y, Float.NaN);
      int[] argmax = new int[p.outputSize()];
      Arrays.fill(argmax, -1);

      p.forward(embed(x, xOff), xOff, y, argmax);

      int[] winners = p.winners(x);
      for (int o = 0; o < winners.length; o++) {
        String where = p + " xOff " + xOff + " output " + o;
        assertEquals(winners[o], argmax[o], where + ": argmax (relative to xOff)");
        assertEquals(x[winners[o]], y[o], where);
        assertTrue(allowZeroOutputs || y[o] < 0, where + ": a padded zero won");
      }
    }
  }

  @Test
  void backwardRoutesEachGradientToItsWinner() {
    // dX[i] = sum of dY over the windows that input i won; overlapping windows can share a winner.
    // Integer gradients keep the sums exact.
    SplittableRandom rng = new SplittableRandom(26);
    for (Pooling p : poolings()) {
      float[] x = random(rng, p.inputSize(), 0);
      float[] y = new float[p.outputSize()];
      int[] argmax = new int[p.outputSize()];
      p.forward(x, 0, y, argmax);
      float[] dy = new float[p.outputSize()];
      for (int o = 0; o < dy.length; o++) {
        dy[o] = rng.nextInt(-9, 10);
      }
      float[] dx = new float[p.inputSize()];
      Arrays.fill(dx, Float.NaN); // backward overwrites

      MaxPoolKernels.backward(dy, argmax, dx, dy.length, dx.length);

      double[] expected = new double[p.inputSize()];
      int[] winners = p.winners(x);
      for (int o = 0; o < winners.length; o++) {
        expected[winners[o]] += dy[o];
      }
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], dx[i], p + " dx[" + i + "]");
      }
    }
  }

  @Test
  void backwardOnTiesRoutesToTheFirst() {
    Pooling p = new Pooling(1, 4, 4, 1, 2, 2, 2, 2, false);
    float[] x = new float[p.inputSize()]; // all zero: each window's top-left element wins
    float[] y = new float[p.outputSize()];
    int[] argmax = new int[p.outputSize()];
    p.forward(x, 0, y, argmax);
    float[] dy = {1f, 2f, 3f, 4f};
    float[] dx = new float[p.inputSize()];
    MaxPoolKernels.backward(dy, argmax, dx, dy.length, dx.length);
    float[] expected = new float[16];
    for (int o = 0; o < 4; o++) {
      int oy = o / 2;
      int ox = o % 2;
      expected[(2 * oy) * 4 + 2 * ox] = dy[o];
    }
    assertEquals(Arrays.toString(expected), Arrays.toString(dx));
  }

  @Test
  void backwardReluIsBackwardThenReluBackwardBitForBit() {
    // The pooled input is a ReLU's output (zeros of both signs, ties at zero); overlapping
    // windows share winners, so the sums of several gradients are compared too.
    SplittableRandom rng = new SplittableRandom(27);
    for (Pooling p : poolings()) {
      float[] x = random(rng, p.inputSize(), 0);
      for (int i = 0; i < x.length; i++) {
        x[i] = x[i] <= 0f ? (rng.nextBoolean() ? 0f : -0f) : x[i];
      }
      float[] y = new float[p.outputSize()];
      int[] argmax = new int[p.outputSize()];
      p.forward(x, 0, y, argmax);
      float[] dy = random(rng, p.outputSize(), 0);
      float[] expected = new float[p.inputSize()];
      MaxPoolKernels.backward(dy, argmax, expected, dy.length, expected.length);
      Activations.reluBackward(x, expected, expected.length);
      float[] dx = new float[p.inputSize()];
      Arrays.fill(dx, Float.NaN); // overwritten

      MaxPoolKernels.backwardReluImages(dy, y, argmax, dx, p.oh * p.ow * p.c, p.h * p.w * p.c,
          0, p.batch);

      for (int i = 0; i < dx.length; i++) {
        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(dx[i]),
            p + " dx[" + i + "]");
      }
    }
  }
}
