package dev.topiary.runtime.kernels;

import java.util.Arrays;

/**
 * Max pooling over NHWC tensors, per channel, as Keras {@code MaxPooling2D}: each output is the
 * largest input in its window (padding never wins); the backward pass routes each output gradient
 * to the input that won, so the forward pass records the winner's index.
 */
public final class MaxPoolKernels {
  private MaxPoolKernels() {}

  /**
   * {@code Y[n][oy][ox][ch] = max over the window at (oy*sh - padTop, ox*sw - padLeft) of size
   * ph x pw}; ties go to the first element in row-major window order.
   *
   * @param x {@code batch x h x w x c} starting at {@code xOff}; read
   * @param y {@code batch x oh x ow x c}, from index 0; written
   * @param argmax same size as {@code y}; written with the winning input's index relative to
   *     {@code xOff}
   */
  public static void forward(float[] x, int xOff, float[] y, int[] argmax, int batch, int h, int w,
      int c, int ph, int pw, int sh, int sw, int padTop, int padLeft, int oh, int ow) {
    for (int n = 0; n < batch; n++) {
      int image = n * h * w * c;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = Math.max(oy * sh - padTop, 0);
        int y1 = Math.min(oy * sh - padTop + ph, h);
        for (int ox = 0; ox < ow; ox++) {
          int x0 = Math.max(ox * sw - padLeft, 0);
          int x1 = Math.min(ox * sw - padLeft + pw, w);
          int out = ((n * oh + oy) * ow + ox) * c;
          // Channels innermost: every window position is one contiguous run of c values.
          int first = image + (y0 * w + x0) * c;
          System.arraycopy(x, xOff + first, y, out, c);
          for (int ch = 0; ch < c; ch++) {
            argmax[out + ch] = first + ch;
          }
          for (int iy = y0; iy < y1; iy++) {
            for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
              maxInto(x, xOff, image + (iy * w + ix) * c, y, argmax, out, c);
            }
          }
        }
      }
    }
  }

  /** {@code y[out + ch] = max(y[out + ch], x[xOff + at + ch])}, recording a new winner's index. */
  private static void maxInto(float[] x, int xOff, int at, float[] y, int[] argmax, int out,
      int c) {
    for (int ch = 0; ch < c; ch++) {
      float v = x[xOff + at + ch];
      if (v > y[out + ch]) {
        y[out + ch] = v;
        argmax[out + ch] = at + ch;
      }
    }
  }

  /**
   * {@code dX[argmax[i]] += dY[i]} for every output {@code i}, after zeroing {@code dX}.
   *
   * @param dy {@code count} output gradients; read
   * @param argmax the indices {@link #forward} recorded; read
   * @param dx {@code inputSize} values; written (overwritten)
   */
  public static void backward(float[] dy, int[] argmax, float[] dx, int count, int inputSize) {
    Arrays.fill(dx, 0, inputSize, 0f);
    for (int i = 0; i < count; i++) {
      dx[argmax[i]] += dy[i];
    }
  }
}
