package dev.topiary.runtime.kernels;

import java.util.Arrays;

/**
 * Average pooling of the 1D layers over {@code steps x channels} sequences, and their gradients:
 * Keras's {@code AveragePooling1D} (windows of a {@link PoolGeometry} whose height is 1: the mean
 * of the values inside the input, padding not counted, as TensorFlow) and
 * {@code GlobalAveragePooling1D} (the mean over all steps). Max pooling of sequences is
 * {@link MaxPoolKernels} over the same one-row geometry.
 */
public final class SequencePoolKernels {
  private SequencePoolKernels() {}

  /**
   * {@code y[n][o][ch]} = the mean of {@code x[n][s][ch]} over the window's steps inside the input.
   *
   * @param x {@code batch x (g.h*g.w) x c} from {@code xOff}; read
   * @param y {@code batch x (g.oh*g.ow) x c} from index 0; written
   */
  public static void averageForward(float[] x, int xOff, float[] y, int batch, PoolGeometry g) {
    final int c = g.c;
    for (int n = 0; n < batch; n++) {
      int in = xOff + n * g.h * g.w * c;
      for (int oy = 0; oy < g.oh; oy++) {
        for (int ox = 0; ox < g.ow; ox++) {
          int o = ((n * g.oh + oy) * g.ow + ox) * c;
          Arrays.fill(y, o, o + c, 0f);
          int y0 = Math.max(0, oy * g.sh - g.padTop);
          int y1 = Math.min(g.h, oy * g.sh - g.padTop + g.ph);
          int x0 = Math.max(0, ox * g.sw - g.padLeft);
          int x1 = Math.min(g.w, ox * g.sw - g.padLeft + g.pw);
          for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) {
              int i = in + (iy * g.w + ix) * c;
              for (int ch = 0; ch < c; ch++) {
                y[o + ch] += x[i + ch];
              }
            }
          }
          float scale = 1f / ((y1 - y0) * (x1 - x0));
          for (int ch = 0; ch < c; ch++) {
            y[o + ch] *= scale;
          }
        }
      }
    }
  }

  /**
   * The gradient of {@link #averageForward}: each output's gradient shared equally by the inputs
   * of its window (overwritten).
   *
   * @param dy {@code batch x (g.oh*g.ow) x c} from index 0; read
   * @param dx {@code batch x (g.h*g.w) x c} from index 0; written
   */
  public static void averageBackward(float[] dy, float[] dx, int batch, PoolGeometry g) {
    final int c = g.c;
    Arrays.fill(dx, 0, batch * g.h * g.w * c, 0f);
    for (int n = 0; n < batch; n++) {
      int in = n * g.h * g.w * c;
      for (int oy = 0; oy < g.oh; oy++) {
        for (int ox = 0; ox < g.ow; ox++) {
          int o = ((n * g.oh + oy) * g.ow + ox) * c;
          int y0 = Math.max(0, oy * g.sh - g.padTop);
          int y1 = Math.min(g.h, oy * g.sh - g.padTop + g.ph);
          int x0 = Math.max(0, ox * g.sw - g.padLeft);
          int x1 = Math.min(g.w, ox * g.sw - g.padLeft + g.pw);
          float scale = 1f / ((y1 - y0) * (x1 - x0));
          for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) {
              int i = in + (iy * g.w + ix) * c;
              for (int ch = 0; ch < c; ch++) {
                dx[i + ch] += dy[o + ch] * scale;
              }
            }
          }
        }
      }
    }
  }

  /**
   * {@code y[n][ch]} = the mean of {@code x[n][s][ch]} over the {@code steps}.
   *
   * @param x {@code batch x steps x c} from {@code xOff}; read
   * @param y {@code batch x c} from index 0; written
   */
  public static void globalAverageForward(float[] x, int xOff, float[] y, int batch, int steps,
      int c) {
    float scale = 1f / steps;
    for (int n = 0; n < batch; n++) {
      int o = n * c;
      Arrays.fill(y, o, o + c, 0f);
      for (int s = 0; s < steps; s++) {
        int i = xOff + (n * steps + s) * c;
        for (int ch = 0; ch < c; ch++) {
          y[o + ch] += x[i + ch];
        }
      }
      for (int ch = 0; ch < c; ch++) {
        y[o + ch] *= scale;
      }
    }
  }

  /** The gradient of {@link #globalAverageForward}: {@code dx[n][s][ch] = dy[n][ch] / steps}. */
  public static void globalAverageBackward(float[] dy, float[] dx, int batch, int steps, int c) {
    float scale = 1f / steps;
    for (int n = 0; n < batch; n++) {
      for (int s = 0; s < steps; s++) {
        int i = (n * steps + s) * c;
        for (int ch = 0; ch < c; ch++) {
          dx[i + ch] = dy[n * c + ch] * scale;
        }
      }
    }
  }
}
