package dev.topiary.runtime.kernels;

import java.util.Arrays;

/**
 * The depthwise convolution of Keras's {@code DepthwiseConv2D} over NHWC images, and its
 * gradients: input channel {@code ch} convolved with its own {@code m} kernels gives output
 * channels {@code ch * m .. ch * m + m - 1}. The kernel is {@code [kh][kw][c][m]}, the geometry's
 * {@code filters} is {@code c * m}. Plain loops, one output position at a time; the innermost
 * loop runs along the channels, contiguous in input, kernel and output.
 */
public final class DepthwiseKernels {
  private DepthwiseKernels() {}

  /**
   * {@code y = depthwise(x) + bias}.
   *
   * @param x {@code batch x h x w x c} from {@code xOff}; read
   * @param kernel {@code kh x kw x c x m}; read
   * @param bias {@code c * m} values, or null for none; read
   * @param y {@code batch x oh x ow x (c*m)} from index 0; written
   * @param m the depth multiplier
   */
  public static void forward(float[] x, int xOff, float[] kernel, float[] bias, float[] y,
      int batch, ConvGeometry g, int m) {
    final int cm = g.filters;
    for (int n = 0; n < batch; n++) {
      int in = xOff + n * g.h * g.w * g.c;
      for (int oy = 0; oy < g.oh; oy++) {
        for (int ox = 0; ox < g.ow; ox++) {
          int o = ((n * g.oh + oy) * g.ow + ox) * cm;
          if (bias == null) {
            Arrays.fill(y, o, o + cm, 0f);
          } else {
            System.arraycopy(bias, 0, y, o, cm);
          }
          for (int ky = 0; ky < g.kh; ky++) {
            int iy = oy * g.sh - g.padTop + ky;
            if (iy < 0 || iy >= g.h) {
              continue;
            }
            for (int kx = 0; kx < g.kw; kx++) {
              int ix = ox * g.sw - g.padLeft + kx;
              if (ix >= 0 && ix < g.w) {
                tap(x, in + (iy * g.w + ix) * g.c, kernel, (ky * g.kw + kx) * cm, y, o, g.c, m);
              }
            }
          }
        }
      }
    }
  }

  /** {@code y[o + ch*m + j] += x[i + ch] * k[t + ch*m + j]} over the channels. */
  private static void tap(float[] x, int i, float[] k, int t, float[] y, int o, int c, int m) {
    if (m == 1) {
      for (int ch = 0; ch < c; ch++) {
        y[o + ch] += x[i + ch] * k[t + ch];
      }
      return;
    }
    for (int ch = 0; ch < c; ch++) {
      float v = x[i + ch];
      int b = ch * m;
      for (int j = 0; j < m; j++) {
        y[o + b + j] += v * k[t + b + j];
      }
    }
  }

  /**
   * The kernel's gradient {@code dk[t][ch*m+j] = sum x[.][ch] dy[.][ch*m+j]} over every position
   * and example where tap {@code t} reads the input (overwritten).
   *
   * @param x the forward input, {@code batch x h x w x c} from {@code xOff}; read
   * @param dy {@code batch x oh x ow x (c*m)} from index 0; read
   * @param dk {@code kh x kw x c x m}; written
   */
  public static void kernelGradient(float[] x, int xOff, float[] dy, float[] dk, int batch,
      ConvGeometry g, int m) {
    final int cm = g.filters;
    Arrays.fill(dk, 0, g.kh * g.kw * cm, 0f);
    for (int n = 0; n < batch; n++) {
      int in = xOff + n * g.h * g.w * g.c;
      for (int oy = 0; oy < g.oh; oy++) {
        for (int ox = 0; ox < g.ow; ox++) {
          int o = ((n * g.oh + oy) * g.ow + ox) * cm;
          for (int ky = 0; ky < g.kh; ky++) {
            int iy = oy * g.sh - g.padTop + ky;
            if (iy < 0 || iy >= g.h) {
              continue;
            }
            for (int kx = 0; kx < g.kw; kx++) {
              int ix = ox * g.sw - g.padLeft + kx;
              if (ix >= 0 && ix < g.w) {
                tap(x, in + (iy * g.w + ix) * g.c, dy, o, dk, (ky * g.kw + kx) * cm, g.c, m);
              }
            }
          }
        }
      }
    }
  }

  /**
   * The input's gradient {@code dx[.][ch] = sum k[t][ch*m+j] dy[.][ch*m+j]} (overwritten).
   *
   * @param dy {@code batch x oh x ow x (c*m)} from index 0; read
   * @param kernel {@code kh x kw x c x m}; read
   * @param dx {@code batch x h x w x c} from index 0; written
   */
  public static void inputGradient(float[] dy, float[] kernel, float[] dx, int batch,
      ConvGeometry g, int m) {
    final int cm = g.filters;
    final int c = g.c;
    Arrays.fill(dx, 0, batch * g.h * g.w * c, 0f);
    for (int n = 0; n < batch; n++) {
      int in = n * g.h * g.w * c;
      for (int oy = 0; oy < g.oh; oy++) {
        for (int ox = 0; ox < g.ow; ox++) {
          int o = ((n * g.oh + oy) * g.ow + ox) * cm;
          for (int ky = 0; ky < g.kh; ky++) {
            int iy = oy * g.sh - g.padTop + ky;
            if (iy < 0 || iy >= g.h) {
              continue;
            }
            for (int kx = 0; kx < g.kw; kx++) {
              int ix = ox * g.sw - g.padLeft + kx;
              if (ix >= 0 && ix < g.w) {
                gather(dy, o, kernel, (ky * g.kw + kx) * cm, dx, in + (iy * g.w + ix) * c, c, m);
              }
            }
          }
        }
      }
    }
  }

  /** {@code dx[i + ch] += sum_j dy[o + ch*m + j] * k[t + ch*m + j]}. */
  private static void gather(float[] dy, int o, float[] k, int t, float[] dx, int i, int c,
      int m) {
    for (int ch = 0; ch < c; ch++) {
      float s = 0f;
      int b = ch * m;
      for (int j = 0; j < m; j++) {
        s += dy[o + b + j] * k[t + b + j];
      }
      dx[i + ch] += s;
    }
  }
}
