package dev.topiary.runtime.kernels;

import java.util.Arrays;

/**
 * Max pooling over NHWC tensors, per channel, as Keras {@code MaxPooling2D}: each output is the
 * largest input in its window (padding never wins); the backward pass routes each output gradient
 * to the input that won, so the forward pass records the winner's index.
 *
 * <p>The forward pass is branch-free: whether an input beats the window's maximum so far is the
 * sign bit of their difference, and the winner's index is chosen by masks, because a
 * comparison's branch is mispredicted often on real activations (measured 1.3x faster than
 * branches on MNIST activations, 4x on random ones).
 * Images are split over the {@link WorkerPool} bound to the calling thread, if any.
 */
public final class MaxPoolKernels {
  private static final ThreadLocal<Forward> TASKS = new ThreadLocal<Forward>() {
    @Override
    protected Forward initialValue() {
      return new Forward();
    }
  };

  private MaxPoolKernels() {}

  /**
   * {@code Y[n][oy][ox][ch] = max over the window at (oy*sh - padTop, ox*sw - padLeft) of size
   * ph x pw}; ties (including {@code -0} and {@code +0}) go to the first element in row-major
   * window order (a window of zeros of both signs yields {@code +0}). When a window holds a NaN
   * or two equal infinities, its winner is unspecified.
   *
   * @param x {@code batch x h x w x c} starting at {@code xOff}; read
   * @param y {@code batch x oh x ow x c}, from index 0; written
   * @param argmax same size as {@code y}; written with the winning input's index relative to
   *     {@code xOff}
   * @param g the pooling's geometry
   */
  public static void forward(float[] x, int xOff, float[] y, int[] argmax, int batch,
      PoolGeometry g) {
    int chunks = Tuning.chunks((long) batch * g.outSize() * g.ph * g.pw, batch);
    if (chunks <= 1) {
      forwardImages(x, xOff, y, argmax, g, 0, batch);
      return;
    }
    Forward t = TASKS.get();
    t.set(x, xOff, y, argmax, batch, g, chunks);
    try {
      WorkerPool.run(t, chunks);
    } finally {
      t.clear();
    }
  }

  /** {@link #forward} for images {@code [n0, n1)}. */
  static void forwardImages(float[] x, int xOff, float[] y, int[] argmax, PoolGeometry g,
      int n0, int n1) {
    // The geometry in locals: the loops below read them as C2 reads constants.
    final int h = g.h;
    final int w = g.w;
    final int c = g.c;
    final int ph = g.ph;
    final int pw = g.pw;
    final int sh = g.sh;
    final int sw = g.sw;
    final int padTop = g.padTop;
    final int padLeft = g.padLeft;
    final int oh = g.oh;
    final int ow = g.ow;
    for (int n = n0; n < n1; n++) {
      int image = n * h * w * c;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = Math.max(oy * sh - padTop, 0);
        int y1 = Math.min(oy * sh - padTop + ph, h);
        for (int ox = 0; ox < ow; ox++) {
          int x0 = Math.max(ox * sw - padLeft, 0);
          int x1 = Math.min(ox * sw - padLeft + pw, w);
          int out = ((n * oh + oy) * ow + ox) * c;
          int first = image + (y0 * w + x0) * c;
          if (y1 - y0 == 2 && x1 - x0 == 2) {
            Kernels.DENSE.window2x2(x, xOff, first, w * c, y, argmax, out, c);
          } else {
            window(x, xOff, image, first, y0, y1, x0, x1, w, y, argmax, out, c);
          }
        }
      }
    }
  }

  /** A full 2x2 window, the common case, unrolled. */
  static void window2x2(float[] x, int xOff, int first, int rowStride, float[] y,
      int[] argmax, int out, int c) {
    window2x2Tail(x, xOff, first, rowStride, y, argmax, out, 0, c);
  }

  /** {@link #window2x2} for channels {@code [ch0, c)}. */
  static void window2x2Tail(float[] x, int xOff, int first, int rowStride, float[] y,
      int[] argmax, int out, int ch0, int c) {
    for (int ch = ch0; ch < c; ch++) {
      int i0 = first + ch;
      int i2 = i0 + rowStride;
      float v0 = x[xOff + i0];
      float v1 = x[xOff + i0 + c];
      float v2 = x[xOff + i2];
      float v3 = x[xOff + i2 + c];
      int win = i0 + (greater(v1, v0) & c);
      float best = Math.max(v0, v1);
      win += greater(v2, best) & (i2 - win);
      best = Math.max(best, v2);
      win += greater(v3, best) & (i2 + c - win);
      argmax[out + ch] = win;
      y[out + ch] = Math.max(best, v3);
    }
  }

  /** Any window: rows {@code [y0, y1)}, columns {@code [x0, x1)}. */
  private static void window(float[] x, int xOff, int image, int first, int y0, int y1, int x0,
      int x1, int w, float[] y, int[] argmax, int out, int c) {
    for (int ch = 0; ch < c; ch++) {
      int win = first + ch;
      float best = x[xOff + win];
      for (int iy = y0; iy < y1; iy++) {
        for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
          int at = image + (iy * w + ix) * c + ch;
          float v = x[xOff + at];
          win += greater(v, best) & (at - win);
          best = Math.max(best, v);
        }
      }
      argmax[out + ch] = win;
      y[out + ch] = best;
    }
  }

  /**
   * {@code -1} (all bits) if {@code v > best}, else {@code 0}, without a branch: the sign bit of
   * {@code best - v}, which is negative exactly when {@code v > best} (gradual underflow keeps
   * the difference of unequal floats non-zero); {@code + 0f} turns the {@code -0} of
   * {@code -0 - (+0)} into {@code +0}, a tie. Exact for finite values and for infinities against
   * finite values; for two equal infinities or a NaN the result is unspecified.
   */
  private static int greater(float v, float best) {
    return -(Float.floatToRawIntBits((best - v) + 0f) >>> 31);
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

  /**
   * Max-pool backward fused with the backward of a ReLU before the pooling, for images
   * {@code [n0, n1)}: {@code dX[argmax[i]] += y[i] > 0 ? dY[i] : 0} for every output {@code i}
   * of those images, after zeroing their {@code dX}. Equal, bit for bit, to {@link #backward}
   * followed by {@link Activations#reluBackward} over the pooling's input {@code x}, because
   * {@code y[i] == x[argmax[i]]}: only winners receive a gradient, and a winner passes it
   * exactly when its value, the pooled output, is above zero. One pass over {@code dX} instead
   * of two, and no read of {@code x} ({@link ConvPoolTraining} runs it image by image).
   *
   * @param dy {@code outSize} output gradients per image; read
   * @param y the pooled outputs {@link #forward} wrote from the ReLU's output; read
   * @param argmax the indices {@link #forward} recorded (input offset 0); read
   * @param dx {@code inSize} values per image, the gradient of the ReLU's input; written
   */
  static void backwardReluImages(float[] dy, float[] y, int[] argmax, float[] dx, int outSize,
      int inSize, int n0, int n1) {
    Arrays.fill(dx, n0 * inSize, n1 * inSize, 0f);
    for (int i = n0 * outSize; i < n1 * outSize; i++) {
      // y > 0 exactly when bits(y) - 1 lies in [0, 0x7F7FFFFF] (as Activations.reluBackward).
      int t = Float.floatToRawIntBits(y[i]) - 1;
      int keep = ((t - 0x7F80_0000) >> 31) & ~(t >> 31);
      dx[argmax[i]] += Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & keep);
    }
  }

  /** {@link #forward} over chunks of images. */
  private static final class Forward implements WorkerPool.Chunks {
    private float[] x;
    private float[] y;
    private int[] argmax;
    private int xOff;
    private int batch;
    private PoolGeometry g;
    private int chunks;

    void set(float[] x, int xOff, float[] y, int[] argmax, int batch, PoolGeometry g,
        int chunks) {
      this.x = x;
      this.xOff = xOff;
      this.y = y;
      this.argmax = argmax;
      this.batch = batch;
      this.g = g;
      this.chunks = chunks;
    }

    void clear() {
      x = y = null;
      argmax = null;
      g = null;
    }

    @Override
    public void run(int chunk) {
      forwardImages(x, xOff, y, argmax, g, Tasks.start(chunk, chunks, batch),
          Tasks.start(chunk + 1, chunks, batch));
    }
  }
}
