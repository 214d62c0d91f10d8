package dev.topiary.runtime.kernels;

import java.util.Arrays;

/**
 * Average pooling over NHWC tensors, per channel, as Keras {@code AveragePooling2D} and
 * {@code GlobalAveragePooling2D} (a window of the whole image): each output is the mean of the
 * input values its window covers. Under SAME padding a window that overlaps the padding averages
 * only the values inside the input, as TensorFlow's {@code avg_pool} does.
 */
public final class AveragePoolKernels {
  private AveragePoolKernels() {}

  /**
   * {@code Y[n][oy][ox][ch]} = the mean of the inputs in the window at
   * {@code (oy*sh - padTop, ox*sw - padLeft)} of size {@code ph x pw}, clipped to the input.
   *
   * @param x {@code batch x h x w x c} starting at {@code xOff}; read
   * @param y {@code batch x oh x ow x c}, from index 0; written
   */
  public static void forward(float[] x, int xOff, float[] y, int batch, PoolGeometry g) {
    final int h = g.h;
    final int w = g.w;
    final int c = g.c;
    for (int n = 0; n < batch; n++) {
      int image = xOff + n * h * w * c;
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = Math.max(oy * g.sh - g.padTop, 0);
        int y1 = Math.min(oy * g.sh - g.padTop + g.ph, h);
        for (int ox = 0; ox < g.ow; ox++) {
          int x0 = Math.max(ox * g.sw - g.padLeft, 0);
          int x1 = Math.min(ox * g.sw - g.padLeft + g.pw, w);
          int out = ((n * g.oh + oy) * g.ow + ox) * c;
          Arrays.fill(y, out, out + c, 0f);
          for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) {
              int in = image + (iy * w + ix) * c;
              for (int ch = 0; ch < c; ch++) {
                y[out + ch] += x[in + ch];
              }
            }
          }
          float inverse = 1f / ((y1 - y0) * (x1 - x0));
          for (int ch = 0; ch < c; ch++) {
            y[out + ch] *= inverse;
          }
        }
      }
    }
  }

  /**
   * The input gradient: each output's gradient shared equally by the inputs its window covers
   * (overlapping windows add up).
   *
   * @param dy {@code batch x oh x ow x c}; read
   * @param dx {@code batch x h x w x c}, from index 0; overwritten
   */
  public static void backward(float[] dy, float[] dx, int batch, PoolGeometry g) {
    final int h = g.h;
    final int w = g.w;
    final int c = g.c;
    Arrays.fill(dx, 0, batch * h * w * c, 0f);
    for (int n = 0; n < batch; n++) {
      int image = n * h * w * c;
      for (int oy = 0; oy < g.oh; oy++) {
        int y0 = Math.max(oy * g.sh - g.padTop, 0);
        int y1 = Math.min(oy * g.sh - g.padTop + g.ph, h);
        for (int ox = 0; ox < g.ow; ox++) {
          int x0 = Math.max(ox * g.sw - g.padLeft, 0);
          int x1 = Math.min(ox * g.sw - g.padLeft + g.pw, w);
          int out = ((n * g.oh + oy) * g.ow + ox) * c;
          float inverse = 1f / ((y1 - y0) * (x1 - x0));
          for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) {
              int in = image + (iy * w + ix) * c;
              for (int ch = 0; ch < c; ch++) {
                dx[in + ch] += dy[out + ch] * inverse;
              }
            }
          }
        }
      }
    }
  }

  /**
   * The geometry of a global pooling over an {@code h x w x c} image: one window of the whole
   * image, VALID, one output per channel.
   */
  public static PoolGeometry global(int h, int w, int c) {
    return new PoolGeometry(h, w, c, h, w, h, w, 0, 0, 1, 1);
  }
}
