package dev.topiary.runtime.kernels;

import dev.topiary.Padding;
import dev.topiary.architecture.Geometry;
import java.util.Arrays;

/**
 * The patch transforms that turn a 2D convolution over NHWC tensors into a matrix product
 * (im2col, Chellapilla et al. 2006): forward is {@code Y = im2col(X) K + b}, the weight gradient
 * is {@code im2col(X)^T dY}, the input gradient is {@code col2im(dY K^T)}.
 *
 * <p>A patch row holds one output position's receptive field in {@code [kh][kw][c]} order, the
 * Keras kernel layout {@code [kh][kw][cin][cout]} read as a {@code (kh*kw*cin) x cout} matrix.
 * Positions in the padding read as zero.
 */
public final class Conv2DKernels {
  /** Runs of at most this many floats are copied by a loop rather than System.arraycopy. */
  private static final int SHORT_COPY = 16;

  private static final ThreadLocal<Im2col> TASKS = new ThreadLocal<Im2col>() {
    @Override
    protected Im2col initialValue() {
      return new Im2col();
    }
  };

  private Conv2DKernels() {}

  /** {@link Geometry#outputSize} with SAME ({@code same}) or VALID padding. */
  public static int outputSize(int in, int kernel, int stride, boolean same) {
    return Geometry.outputSize(in, kernel, stride, same ? Padding.SAME : Padding.VALID);
  }

  /** {@link Geometry#padBefore} with SAME ({@code same}) or VALID padding. */
  public static int padBefore(int in, int kernel, int stride, boolean same) {
    return Geometry.padBefore(in, kernel, stride, same ? Padding.SAME : Padding.VALID);
  }

  /**
   * Gathers patches: {@code cols[(n*oh + y)*ow + x][(ky*kw + kx)*c + ch] =
   * X[n][y*sh + ky - padTop][x*sw + kx - padLeft][ch]}, zero outside the input. Images are split
   * over the {@link WorkerPool} bound to the calling thread, if any.
   *
   * @param x {@code batch x h x w x c} NHWC starting at {@code xOff}; read
   * @param cols {@code (batch*oh*ow) x (kh*kw*c)}, from index 0; written
   * @param g the convolution's geometry
   */
  public static void im2col(float[] x, int xOff, float[] cols, int batch, ConvGeometry g) {
    int chunks = Tuning.chunks((long) batch * g.positions() * g.patch(), batch);
    if (chunks <= 1) {
      im2colImages(x, xOff, cols, g, 0, batch);
      return;
    }
    Im2col t = TASKS.get();
    t.set(x, xOff, cols, batch, g, chunks);
    try {
      WorkerPool.run(t, chunks);
    } finally {
      t.clear();
    }
  }

  /**
   * {@link #im2col} for images {@code [n0, n1)}: for each output row and kernel row, the
   * patches' runs of {@code kw * c} values, copied by a loop when short (one channel: 3 values,
   * where a call to System.arraycopy costs more than the copy).
   */
  static void im2colImages(float[] x, int xOff, float[] cols, ConvGeometry g, int n0, int n1) {
    // The geometry in locals: the loops below read them as C2 reads constants.
    final int h = g.h;
    final int w = g.w;
    final int c = g.c;
    final int kh = g.kh;
    final int kw = g.kw;
    final int sh = g.sh;
    final int sw = g.sw;
    final int padTop = g.padTop;
    final int padLeft = g.padLeft;
    final int oh = g.oh;
    final int ow = g.ow;
    int patch = kh * kw * c;
    int run = kw * c;
    // Output columns whose window lies inside the input: [oxLo, oxHi).
    int oxLo = Math.min(ow, Math.max(0, (padLeft + sw - 1) / sw));
    int oxHi = Math.max(oxLo, Math.min(ow, Math.floorDiv(w - kw + padLeft, sw) + 1));
    for (int n = n0; n < n1; n++) {
      int image = xOff + n * h * w * c;
      for (int oy = 0; oy < oh; oy++) {
        int rowBase = (n * oh + oy) * ow * patch;
        for (int ky = 0; ky < kh; ky++) {
          int iy = oy * sh + ky - padTop;
          int dst0 = rowBase + ky * run;
          if (iy < 0 || iy >= h) {
            for (int ox = 0; ox < ow; ox++) {
              Arrays.fill(cols, dst0 + ox * patch, dst0 + ox * patch + run, 0f);
            }
            continue;
          }
          int src0 = image + iy * w * c;
          for (int ox = 0; ox < oxLo; ox++) {
            gatherRow(x, src0, cols, dst0 + ox * patch, w, c, kw, ox * sw - padLeft);
          }
          if (run <= SHORT_COPY) {
            for (int ox = oxLo; ox < oxHi; ox++) {
              int from = src0 + (ox * sw - padLeft) * c;
              int to = dst0 + ox * patch;
              for (int q = 0; q < run; q++) {
                cols[to + q] = x[from + q];
              }
            }
          } else {
            for (int ox = oxLo; ox < oxHi; ox++) {
              System.arraycopy(x, src0 + (ox * sw - padLeft) * c, cols, dst0 + ox * patch, run);
            }
          }
          for (int ox = oxHi; ox < ow; ox++) {
            gatherRow(x, src0, cols, dst0 + ox * patch, w, c, kw, ox * sw - padLeft);
          }
        }
      }
    }
  }

  /** Copies {@code kw} pixels of one input row, starting at column {@code ix0}, zero outside. */
  private static void gatherRow(float[] x, int rowStart, float[] cols, int dst, int w, int c,
      int kw, int ix0) {
    int lo = Math.max(0, -ix0);
    int hi = Math.min(kw, w - ix0);
    if (lo > 0) {
      Arrays.fill(cols, dst, dst + lo * c, 0f);
    }
    if (hi > lo) {
      System.arraycopy(x, rowStart + (ix0 + lo) * c, cols, dst + lo * c, (hi - lo) * c);
    }
    if (hi < kw) {
      Arrays.fill(cols, dst + Math.max(hi, lo) * c, dst + kw * c, 0f);
    }
  }

  /**
   * Scatters patch gradients back onto the input, the adjoint of {@link #im2col}:
   * {@code dX[n][iy][ix][ch] = sum of dCols over every patch entry that read it}.
   *
   * @param dCols {@code (batch*oh*ow) x (kh*kw*c)}, from index 0; read
   * @param dx {@code batch x h x w x c} NHWC, from index 0; written (overwritten)
   * @param g the convolution's geometry
   */
  public static void col2im(float[] dCols, float[] dx, int batch, ConvGeometry g) {
    final int h = g.h;
    final int w = g.w;
    final int c = g.c;
    final int kh = g.kh;
    final int kw = g.kw;
    final int sh = g.sh;
    final int sw = g.sw;
    final int padTop = g.padTop;
    final int padLeft = g.padLeft;
    final int oh = g.oh;
    final int ow = g.ow;
    Arrays.fill(dx, 0, batch * h * w * c, 0f);
    int patch = kh * kw * c;
    for (int n = 0; n < batch; n++) {
      int image = n * h * w * c;
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int row = ((n * oh + oy) * ow + ox) * patch;
          for (int ky = 0; ky < kh; ky++) {
            int iy = oy * sh + ky - padTop;
            if (iy < 0 || iy >= h) {
              continue;
            }
            int ix0 = ox * sw - padLeft;
            int lo = Math.max(0, -ix0);
            int hi = Math.min(kw, w - ix0);
            if (hi > lo) {
              MatMul.axpy(1f, dCols, row + (ky * kw + lo) * c, dx,
                  image + (iy * w + ix0 + lo) * c, (hi - lo) * c);
            }
          }
        }
      }
    }
  }

  /** {@link #im2col} over chunks of images. */
  private static final class Im2col implements WorkerPool.Chunks {
    private float[] x;
    private float[] cols;
    private int xOff;
    private int batch;
    private ConvGeometry g;
    private int chunks;

    void set(float[] x, int xOff, float[] cols, int batch, ConvGeometry g, int chunks) {
      this.x = x;
      this.xOff = xOff;
      this.cols = cols;
      this.batch = batch;
      this.g = g;
      this.chunks = chunks;
    }

    void clear() {
      x = cols = null;
      g = null;
    }

    @Override
    public void run(int chunk) {
      im2colImages(x, xOff, cols, g, Tasks.start(chunk, chunks, batch),
          Tasks.start(chunk + 1, chunks, batch));
    }
  }
}
