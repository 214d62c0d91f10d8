package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.MatMulTest.embed;
import static dev.topiary.runtime.kernels.MatMulTest.random;
import static dev.topiary.runtime.kernels.Tolerances.SUM;
import static dev.topiary.runtime.kernels.Tolerances.assertClose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvPool} against a plain loop (a direct convolution, the activation, then max pooling):
 * VALID and SAME padding of both layers, strides above 1, odd sizes, several channels, batches
 * that span more than one tile, dense, pruned and all-zero kernels, all-negative
 * pre-activations (ReLU gives zeros, the identity the negative maximum).
 */
class ConvPoolTest {
  /** A conv and pool geometry; output sizes and padding follow TensorFlow. */
  static final class Geometry {
    final int batch, h, w, c, kh, kw, sh, sw, filters, ph, pw, psh, psw;
    final boolean same, poolSame;
    final int oh, ow, padTop, padLeft, poh, pow, poolPadTop, poolPadLeft;

    Geometry(int batch, int h, int w, int c, int kh, int kw, int sh, int sw, boolean same,
        int filters, int ph, int pw, int psh, int psw, boolean poolSame) {
      this.batch = batch;
      this.h = h;
      this.w = w;
      this.c = c;
      this.kh = kh;
      this.kw = kw;
      this.sh = sh;
      this.sw = sw;
      this.same = same;
      this.filters = filters;
      this.ph = ph;
      this.pw = pw;
      this.psh = psh;
      this.psw = psw;
      this.poolSame = poolSame;
      this.oh = TensorFlowGeometry.outputSize(h, kh, sh, same);
      this.ow = TensorFlowGeometry.outputSize(w, kw, sw, same);
      this.padTop = TensorFlowGeometry.padBefore(h, kh, sh, same);
      this.padLeft = TensorFlowGeometry.padBefore(w, kw, sw, same);
      this.poh = TensorFlowGeometry.outputSize(oh, ph, psh, poolSame);
      this.pow = TensorFlowGeometry.outputSize(ow, pw, psw, poolSame);
      this.poolPadTop = TensorFlowGeometry.padBefore(oh, ph, psh, poolSame);
      this.poolPadLeft = TensorFlowGeometry.padBefore(ow, pw, psw, poolSame);
    }

    boolean valid() {
      return oh > 0 && ow > 0 && poh > 0 && pow > 0;
    }

    ConvPool kernel() {
      return new ConvPool(new ConvGeometry(h, w, c, kh, kw, sh, sw, padTop, padLeft, oh, ow, filters), new PoolGeometry(oh, ow, filters, ph, pw, psh, psw, poolPadTop, poolPadLeft, poh, pow));
    }

    /** The plain loops, in double: conv, activation, max pooling (padding never wins). */
    double[] reference(float[] x, int xOff, float[] k, float[] bias, boolean relu,
        double[] scale) {
      double[] y = new double[batch * poh * pow * filters];
      for (int n = 0; n < batch; n++) {
        for (int py = 0; py < poh; py++) {
          for (int px = 0; px < pow; px++) {
            for (int f = 0; f < filters; f++) {
              double best = Double.NEGATIVE_INFINITY;
              double bestScale = 0;
              for (int wy = 0; wy < ph; wy++) {
                for (int wx = 0; wx < pw; wx++) {
                  int oy = py * psh - poolPadTop + wy;
                  int ox = px * psw - poolPadLeft + wx;
                  if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) {
                    continue;
                  }
                  double s = bias == null ? 0 : bias[f];
                  double mag = Math.abs(s);
                  for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                      int iy = oy * sh + ky - padTop;
                      int ix = ox * sw + kx - padLeft;
                      if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                        continue;
                      }
                      for (int ch = 0; ch < c; ch++) {
                        double term = (double) x[xOff + ((n * h + iy) * w + ix) * c + ch]
                            * k[((ky * kw + kx) * c + ch) * filters + f];
                        s += term;
                        mag += Math.abs(term);
                      }
                    }
                  }
                  if (s > best) {
                    best = s;
                  }
                  bestScale = Math.max(bestScale, mag);
                }
              }
              int at = ((n * poh + py) * pow + px) * filters + f;
              y[at] = relu ? Math.max(best, 0) : best;
              scale[at] = bestScale;
            }
          }
        }
      }
      return y;
    }

    @Override
    public String toString() {
      return "batch " + batch + ", " + h + "x" + w + "x" + c + ", conv " + kh + "x" + kw + "/"
          + sh + "x" + sw + (same ? " SAME" : " VALID") + " x" + filters + ", pool " + ph + "x"
          + pw + "/" + psh + "x" + psw + (poolSame ? " SAME" : " VALID");
    }
  }

  private static List<Geometry> geometries() {
    List<Geometry> cases = new ArrayList<>(List.of(
        new Geometry(1, 28, 28, 1, 3, 3, 1, 1, false, 32, 2, 2, 2, 2, false), // the seed CNN
        new Geometry(9, 28, 28, 1, 3, 3, 1, 1, false, 32, 2, 2, 2, 2, false), // two tiles
        new Geometry(2, 7, 7, 2, 3, 3, 1, 1, false, 3, 2, 2, 2, 2, false), // odd conv output
        new Geometry(2, 7, 7, 2, 3, 3, 1, 1, true, 5, 2, 2, 2, 2, true), // both SAME
        new Geometry(3, 9, 8, 3, 3, 2, 2, 1, true, 4, 3, 3, 2, 2, true), // overlapping windows
        new Geometry(1, 6, 6, 1, 1, 1, 1, 1, false, 2, 3, 3, 3, 3, false),
        new Geometry(2, 5, 5, 2, 2, 2, 1, 1, false, 3, 1, 1, 1, 1, false))); // pool 1x1
    SplittableRandom rng = new SplittableRandom(21);
    while (cases.size() < 50) {
      Geometry g = new Geometry(rng.nextInt(1, 4), rng.nextInt(1, 10), rng.nextInt(1, 10),
          rng.nextInt(1, 4), rng.nextInt(1, 4), rng.nextInt(1, 4), rng.nextInt(1, 3),
          rng.nextInt(1, 3), rng.nextBoolean(), rng.nextInt(1, 6), rng.nextInt(1, 4),
          rng.nextInt(1, 4), rng.nextInt(1, 4), rng.nextInt(1, 4), rng.nextBoolean());
      if (g.valid()) {
        cases.add(g);
      }
    }
    return cases;
  }

  @Test
  void matchesConvolutionActivationAndPoolingAsPlainLoops() {
    SplittableRandom rng = new SplittableRandom(5);
    for (Geometry g : geometries()) {
      for (double kernelZeros : new double[] {0, 0.8, 1}) {
        for (boolean relu : new boolean[] {true, false}) {
          float[] x = random(rng, g.batch * g.h * g.w * g.c, 0.3);
          float[] k = random(rng, g.kh * g.kw * g.c * g.filters, kernelZeros);
          float[] bias = rng.nextBoolean() ? null : random(rng, g.filters, 0);
          check(g, x, k, bias, relu, g + ", " + kernelZeros + " zeros, relu " + relu);
        }
      }
    }
  }

  @Test
  void allNegativePreActivationsGiveZerosUnderReluAndTheMaximumWithout() {
    SplittableRandom rng = new SplittableRandom(6);
    Geometry g = new Geometry(3, 11, 10, 2, 3, 3, 1, 1, false, 6, 2, 2, 2, 2, true);
    float[] x = random(rng, g.batch * g.h * g.w * g.c, 0);
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.abs(x[i]);
    }
    float[] k = random(rng, g.kh * g.kw * g.c * g.filters, 0.5);
    for (int i = 0; i < k.length; i++) {
      k[i] = -Math.abs(k[i]);
    }
    float[] bias = new float[g.filters];
    Arrays.fill(bias, -0.25f);
    check(g, x, k, bias, true, "all negative, relu");
    check(g, x, k, bias, false, "all negative, identity");
  }

  @Test
  void reusesItsBuffersAcrossCallsAndBatchSizes() {
    SplittableRandom rng = new SplittableRandom(7);
    Geometry big = new Geometry(13, 12, 12, 1, 3, 3, 1, 1, false, 4, 2, 2, 2, 2, false);
    ConvPool kernel = big.kernel();
    for (int batch : new int[] {13, 1, 5, 13}) {
      Geometry g = new Geometry(batch, 12, 12, 1, 3, 3, 1, 1, false, 4, 2, 2, 2, 2, false);
      float[] x = random(rng, batch * g.h * g.w, 0.2);
      float[] k = random(rng, 9 * 4, 0.5);
      float[] bias = random(rng, 4, 0);
      compare(g, kernel, x, k, bias, true, "batch " + batch);
    }
  }

  private static void check(Geometry g, float[] x, float[] k, float[] bias, boolean relu,
      String where) {
    compare(g, g.kernel(), x, k, bias, relu, where);
  }

  static void compare(Geometry g, ConvPool kernel, float[] x, float[] k, float[] bias,
      boolean relu, String where) {
    int xOff = 3;
    float[] xe = embed(x, xOff); // NaN around the input: reading outside it shows
    float[] y = new float[g.batch * g.poh * g.pow * g.filters + 2];
    Arrays.fill(y, Float.NaN);
    kernel.forward(xe, xOff, k, bias, relu, y, g.batch);
    double[] scale = new double[y.length - 2];
    double[] expected = g.reference(xe, xOff, k, bias, relu, scale);
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], y[i], SUM, scale[i], where + " at " + i);
    }
    for (int i = expected.length; i < y.length; i++) {
      if (!Float.isNaN(y[i])) {
        throw new AssertionError(where + ": wrote past the output at " + i);
      }
    }
  }
}
