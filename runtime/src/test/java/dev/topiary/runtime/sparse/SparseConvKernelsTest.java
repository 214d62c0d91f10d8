package dev.topiary.runtime.sparse;

import dev.topiary.runtime.kernels.ConvGeometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.kernels.Conv2DKernels;
import dev.topiary.runtime.kernels.MatMul;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Tests {@link SparseConvKernels#forward} against a direct convolution loop and the dense im2col
 * product, exactly on data whose sums are exact.
 */
class SparseConvKernelsTest {
  /** The direct loop: {@code Y[n][oy][ox][f] = b[f] + sum X[n][iy][ix][ch] K[ky][kx][ch][f]}. */
  static double[] direct(float[] x, int xOff, float[] k, float[] bias, int batch, int h, int w,
      int c, int kh, int kw, int sh, int sw, int padTop, int padLeft, int oh, int ow, int f) {
    double[] y = new double[batch * oh * ow * f];
    for (int n = 0; n < batch; n++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int o = 0; o < f; o++) {
            double s = bias[o];
            for (int ky = 0; ky < kh; ky++) {
              for (int kx = 0; kx < kw; kx++) {
                int iy = oy * sh + ky - padTop;
                int ix = ox * sw + kx - padLeft;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                  continue;
                }
                for (int ch = 0; ch < c; ch++) {
                  s += (double) x[xOff + ((n * h + iy) * w + ix) * c + ch]
                      * k[((ky * kw + kx) * c + ch) * f + o];
                }
              }
            }
            y[((n * oh + oy) * ow + ox) * f + o] = s;
          }
        }
      }
    }
    return y;
  }

  @Test
  void matchesTheDirectLoopAndTheDenseProduct() {
    // {batch, h, w, c, kh, kw, stride, same, filters}
    int[][] cases = {
      {1, 28, 28, 1, 3, 3, 1, 0, 32}, {2, 7, 5, 3, 3, 3, 1, 1, 5}, {2, 9, 8, 2, 3, 2, 2, 1, 4},
      {1, 6, 6, 4, 1, 1, 1, 0, 3}, {3, 5, 5, 1, 5, 5, 1, 0, 1}, {1, 11, 13, 2, 3, 3, 2, 0, 33},
    };
    long seed = 1;
    for (int[] t : cases) {
      int batch = t[0];
      int h = t[1];
      int w = t[2];
      int c = t[3];
      int kh = t[4];
      int kw = t[5];
      int s = t[6];
      boolean same = t[7] == 1;
      int f = t[8];
      int oh = Conv2DKernels.outputSize(h, kh, s, same);
      int ow = Conv2DKernels.outputSize(w, kw, s, same);
      int padTop = Conv2DKernels.padBefore(h, kh, s, same);
      int padLeft = Conv2DKernels.padBefore(w, kw, s, same);
      int rows = kh * kw * c;
      int positions = batch * oh * ow;
      for (double density : new double[] {0, 0.2, 1}) {
        float[] k = Matrices.exact(seed++, rows, f, density);
        float[] bias = Matrices.exact(seed++, 1, f, 1);
        float[] x = SparseKernelsTest.offset(Matrices.exact(seed++, batch * h * w, c, 0.3), 2);
        double[] ref = direct(x, 2, k, bias, batch, h, w, c, kh, kw, s, s, padTop, padLeft, oh,
            ow, f);
        float[] cols = new float[positions * rows];
        Conv2DKernels.im2col(x, 2, cols, batch, new ConvGeometry(h, w, c, kh, kw, s, s, padTop, padLeft, oh, ow, 1));
        float[] fromDense = new float[positions * f];
        MatMul.mulAddBias(cols, 0, k, bias, fromDense, positions, rows, f);
        float[] y = new float[1 + positions * f];
        y[0] = SparseKernelsTest.UNTOUCHED;
        Arrays.fill(cols, Float.NaN); // the kernel must fill the patches itself
        SparseConvKernels.forward(x, 2, CsrMatrix.fromDense(k, rows, f), bias, y, 1, batch, new ConvGeometry(h, w, c, kh, kw, s, s, padTop, padLeft, oh, ow, f), cols, new SparseWorkspace(0, f));
        assertEquals(SparseKernelsTest.UNTOUCHED, y[0]);
        for (int i = 0; i < ref.length; i++) {
          String where = Arrays.toString(t) + " density " + density + " at " + i;
          assertEquals((float) ref[i], y[1 + i], where);
          assertEquals(fromDense[i], y[1 + i], where + " (dense)");
        }
      }
    }
  }

  @Test
  void aKernelOfAnotherShapeIsRefused() {
    CsrMatrix k = CsrMatrix.fromDense(new float[9 * 4], 9, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparseConvKernels.forward(new float[25 * 2], 0, k, null, new float[9 * 4], 0, 1, new ConvGeometry(5, 5, 2, 3, 3, 1, 1, 0, 0, 3, 3, 4), new float[9 * 18], new SparseWorkspace(0, 4)));
    assertTrue(e.getMessage().startsWith("SparseConvKernels.forward: expected a kernel of 3*3*2 = "
        + "18 rows, found 9"), e.getMessage());
  }
}
