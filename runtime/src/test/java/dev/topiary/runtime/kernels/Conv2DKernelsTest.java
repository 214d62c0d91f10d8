package dev.topiary.runtime.kernels;

import static dev.topiary.runtime.kernels.MatMulTest.embed;
import static dev.topiary.runtime.kernels.MatMulTest.random;
import static dev.topiary.runtime.kernels.Tolerances.SUM;
import static dev.topiary.runtime.kernels.Tolerances.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Conv2DKernels}: im2col followed by a matrix product against a direct convolution, col2im
 * as the adjoint of im2col, and the output size and padding against TensorFlow's formulas.
 */
class Conv2DKernelsTest {
  /** One convolution's geometry; output size and padding follow TensorFlow. */
  private static final class Geometry {
    final int batch, h, w, c, kh, kw, sh, sw;
    final boolean same;
    final int oh, ow, padTop, padLeft, patch, positions;

    Geometry(int batch, int h, int w, int c, int kh, int kw, int sh, int sw, boolean same) {
      this.batch = batch;
      this.h = h;
      this.w = w;
      this.c = c;
      this.kh = kh;
      this.kw = kw;
      this.sh = sh;
      this.sw = sw;
      this.same = same;
      this.oh = TensorFlowGeometry.outputSize(h, kh, sh, same);
      this.ow = TensorFlowGeometry.outputSize(w, kw, sw, same);
      this.padTop = TensorFlowGeometry.padBefore(h, kh, sh, same);
      this.padLeft = TensorFlowGeometry.padBefore(w, kw, sw, same);
      this.patch = kh * kw * c;
      this.positions = batch * oh * ow;
    }

    void im2col(float[] x, int xOff, float[] cols) {
      Conv2DKernels.im2col(x, xOff, cols, batch, new ConvGeometry(h, w, c, kh, kw, sh, sw, padTop, padLeft, oh, ow, 1));
    }

    void col2im(float[] dCols, float[] dx) {
      Conv2DKernels.col2im(dCols, dx, batch, new ConvGeometry(h, w, c, kh, kw, sh, sw, padTop, padLeft, oh, ow, 1));
    }

    @Override
    public String toString() {
      return "batch " + batch + ", " + h + "x" + w + "x" + c + ", kernel " + kh + "x" + kw
          + ", strides " + sh + "x" + sw + (same ? ", SAME" : ", VALID");
    }
  }

  /** VALID and SAME, strides 1 and 2 (and mixed), odd and even kernels, odd sizes, 1-3 channels. */
  private static List<Geometry> geometries() {
    List<Geometry> cases = new ArrayList<>(List.of(
        new Geometry(1, 1, 1, 1, 1, 1, 1, 1, false),
        new Geometry(2, 5, 5, 1, 3, 3, 1, 1, false),
        new Geometry(2, 5, 5, 2, 3, 3, 1, 1, true),
        new Geometry(1, 7, 6, 3, 3, 2, 2, 2, false),
        new Geometry(3, 7, 7, 2, 3, 3, 2, 2, true),
        new Geometry(1, 6, 6, 2, 4, 4, 2, 2, true),
        new Geometry(2, 5, 8, 3, 2, 3, 1, 2, true),
        new Geometry(1, 3, 3, 2, 5, 5, 1, 1, true)));
    SplittableRandom rng = new SplittableRandom(11);
    while (cases.size() < 60) {
      boolean same = rng.nextBoolean();
      Geometry g = new Geometry(rng.nextInt(1, 4), rng.nextInt(1, 10), rng.nextInt(1, 10),
          rng.nextInt(1, 4), rng.nextInt(1, 5), rng.nextInt(1, 5), rng.nextInt(1, 4),
          rng.nextInt(1, 4), same);
      if (same || (g.kh <= g.h && g.kw <= g.w)) {
        cases.add(g);
      }
    }
    return cases;
  }

  @Test
  void im2colThenMatMulEqualsDirectConvolution() {
    SplittableRandom rng = new SplittableRandom(12);
    for (Geometry g : geometries()) {
      int filters = rng.nextInt(1, 5);
      int xOff = rng.nextInt(0, 4);
      float[] x = random(rng, g.batch * g.h * g.w * g.c, 0.1);
      float[] kernel = random(rng, g.patch * filters, 0); // [kh][kw][cin][cout]
      float[] bias = random(rng, filters, 0);
      float[] cols = nans(g.positions * g.patch);
      float[] y = new float[g.positions * filters];

      g.im2col(embed(x, xOff), xOff, cols);
      MatMul.mulAddBias(cols, 0, kernel, bias, y, g.positions, g.patch, filters);

      for (int n = 0; n < g.batch; n++) {
        for (int oy = 0; oy < g.oh; oy++) {
          for (int ox = 0; ox < g.ow; ox++) {
            for (int f = 0; f < filters; f++) {
              double sum = bias[f];
              double scale = Math.abs(sum);
              for (int ky = 0; ky < g.kh; ky++) {
                for (int kx = 0; kx < g.kw; kx++) {
                  for (int ch = 0; ch < g.c; ch++) {
                    double t = pixel(g, x, n, oy * g.sh + ky - g.padTop,
                        ox * g.sw + kx - g.padLeft, ch)
                        * kernel[((ky * g.kw + kx) * g.c + ch) * filters + f];
                    sum += t;
                    scale += Math.abs(t);
                  }
                }
              }
              assertClose(sum, y[((n * g.oh + oy) * g.ow + ox) * filters + f], SUM, scale,
                  g + " xOff " + xOff + " y[" + n + "][" + oy + "][" + ox + "][" + f + "]");
            }
          }
        }
      }
    }
  }

  @Test
  void im2colWritesEveryPatchEntryAsDocumented() {
    // cols[(n*oh + y)*ow + x][(ky*kw + kx)*c + ch] = X[n][y*sh + ky - padTop][x*sw + kx - padLeft][ch]
    SplittableRandom rng = new SplittableRandom(13);
    for (Geometry g : geometries()) {
      float[] x = random(rng, g.batch * g.h * g.w * g.c, 0);
      float[] cols = nans(g.positions * g.patch);
      g.im2col(x, 0, cols);
      for (int row = 0; row < g.positions; row++) {
        int n = row / (g.oh * g.ow);
        int oy = row / g.ow % g.oh;
        int ox = row % g.ow;
        for (int e = 0; e < g.patch; e++) {
          int ky = e / (g.kw * g.c);
          int kx = e / g.c % g.kw;
          int ch = e % g.c;
          float expected = pixel(g, x, n, oy * g.sh + ky - g.padTop,
              ox * g.sw + kx - g.padLeft, ch);
          assertEquals(expected, cols[row * g.patch + e], g + " cols[" + row + "][" + e + "]");
        }
      }
    }
  }

  @Test
  void col2imIsTheAdjointOfIm2col() {
    // <im2col(x), y> == <x, col2im(y)>. Small integers keep every sum exact, so equality is exact.
    SplittableRandom rng = new SplittableRandom(14);
    for (Geometry g : geometries()) {
      int size = g.batch * g.h * g.w * g.c;
      float[] x = integers(rng, size);
      float[] y = integers(rng, g.positions * g.patch);
      float[] cols = new float[y.length];
      float[] dx = nans(size); // col2im overwrites, so stale values must not leak in

      g.im2col(x, 0, cols);
      g.col2im(y, dx);

      double left = 0;
      for (int i = 0; i < y.length; i++) {
        left += (double) cols[i] * y[i];
      }
      double right = 0;
      for (int i = 0; i < size; i++) {
        right += (double) x[i] * dx[i];
      }
      assertEquals(left, right, g.toString());
    }
  }

  @Test
  void col2imSumsEveryPatchEntryThatReadAPixel() {
    // A pixel's gradient is the number of patch entries that read it when every entry is 1.
    for (Geometry g : geometries()) {
      float[] dx = nans(g.batch * g.h * g.w * g.c);
      float[] ones = new float[g.positions * g.patch];
      Arrays.fill(ones, 1f);
      g.col2im(ones, dx);
      for (int n = 0; n < g.batch; n++) {
        for (int iy = 0; iy < g.h; iy++) {
          for (int ix = 0; ix < g.w; ix++) {
            int reads = 0;
            for (int oy = 0; oy < g.oh; oy++) {
              for (int ox = 0; ox < g.ow; ox++) {
                int ky = iy - (oy * g.sh - g.padTop);
                int kx = ix - (ox * g.sw - g.padLeft);
                if (ky >= 0 && ky < g.kh && kx >= 0 && kx < g.kw) {
                  reads++;
                }
              }
            }
            for (int ch = 0; ch < g.c; ch++) {
              assertEquals(reads, dx[((n * g.h + iy) * g.w + ix) * g.c + ch],
                  g + " dx[" + n + "][" + iy + "][" + ix + "][" + ch + "]");
            }
          }
        }
      }
    }
  }

  @Test
  void outputSizeAndPaddingFollowTensorFlow() {
    for (int in = 1; in <= 30; in++) {
      for (int k = 1; k <= 7; k++) {
        for (int s = 1; s <= 4; s++) {
          String where = "in " + in + ", kernel " + k + ", stride " + s;
          assertEquals(TensorFlowGeometry.outputSize(in, k, s, true),
              Conv2DKernels.outputSize(in, k, s, true), "SAME output, " + where);
          assertEquals(TensorFlowGeometry.padBefore(in, k, s, true),
              Conv2DKernels.padBefore(in, k, s, true), "SAME padBefore, " + where);
          assertEquals(0, Conv2DKernels.padBefore(in, k, s, false), "VALID padBefore, " + where);
          if (k <= in) {
            assertEquals(TensorFlowGeometry.outputSize(in, k, s, false),
                Conv2DKernels.outputSize(in, k, s, false), "VALID output, " + where);
          }
        }
      }
    }
  }

  @Test
  void samePaddingCoversTheInputWithTheExtraRowAfter() {
    // The padded input spans exactly the windows: before + in + after = (out - 1) * s + k, after >= before.
    for (int in = 1; in <= 30; in++) {
      for (int k = 1; k <= 7; k++) {
        for (int s = 1; s <= 4; s++) {
          int out = Conv2DKernels.outputSize(in, k, s, true);
          int before = Conv2DKernels.padBefore(in, k, s, true);
          int after = Math.max((out - 1) * s + k - in, 0) - before;
          String where = "in " + in + ", kernel " + k + ", stride " + s;
          assertTrue(after == before || after == before + 1, where);
          assertTrue((out - 1) * s - before < in, "last window starts in the input, " + where);
        }
      }
    }
  }

  /** {@code X[n][iy][ix][ch]}, or 0 in the padding. */
  private static float pixel(Geometry g, float[] x, int n, int iy, int ix, int ch) {
    if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) {
      return 0f;
    }
    return x[((n * g.h + iy) * g.w + ix) * g.c + ch];
  }

  private static float[] nans(int size) {
    float[] v = new float[size];
    Arrays.fill(v, Float.NaN);
    return v;
  }

  private static float[] integers(SplittableRandom rng, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = rng.nextInt(-8, 9);
    }
    return v;
  }
}
