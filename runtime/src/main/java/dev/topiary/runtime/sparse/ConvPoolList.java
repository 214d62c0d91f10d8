package dev.topiary.runtime.sparse;

import dev.topiary.runtime.kernels.ConvGeometry;
import dev.topiary.runtime.kernels.PoolGeometry;
/**
 * A Conv2D (ReLU or linear) and the MaxPooling2D after it, for one image at a time, fused, whose
 * output is the list of its non-zero pooled values ({@link InputList}) for the Dense layer after
 * the Flatten: the pooled tensor is never written whole, and the Dense layer needs no pass over it
 * to find its non-zero inputs.
 *
 * <p>Like {@link dev.topiary.runtime.kernels.ConvPool} (batches), with long loops over the pooled
 * positions of one channel, which C2 vectorises: the input is first gathered into one row per
 * offset {@code (dy, dx, ch)} from a pool window's first input ({@code inputs[row][q]} is what a
 * tap at that offset reads for pooled position {@code q}). Unlike it, the kernel is prepared
 * once: each filter's non-zero taps, as the gathered rows they read at each window offset. Each
 * window offset sums the filter's taps three at a time (the last pass one to three), the last
 * pass assigning or taking the maximum over the window offsets as it goes. Zero weights cost
 * nothing, and no tap is padded (an 80%-pruned 3x3 filter keeps one or two taps). Then each filter's pooled values go through the activation and are listed when not
 * zero, without a branch, under their channel-major index {@code f * positions + q} (the Dense
 * layer's kernel rows are stored in that order: {@link #listRows}).
 *
 * <p>Results equal the unfused layers' up to float reassociation of each sum. Not thread-safe;
 * allocates nothing per call.
 */
public final class ConvPoolList {
  private final int h;
  private final int w;
  private final int c;
  private final int filters;
  private final int spanW;
  private final int rowStep;
  private final int colStep;
  private final int iy0;
  private final int ix0;
  private final int poh;
  private final int pow;
  private final int positions;
  private final int windows;
  private final boolean relu;
  private final float[] bias;
  /** {@code inputs[(dy*spanW + dx)*c + ch][q]}; the last row is zeros. */
  private final float[][] inputs;
  /** Per filter, its non-zero weights, and per window offset the input row each reads. */
  private final float[][] weights;
  private final float[][][][] sources;
  /** Per window offset, the pooled positions whose window misses the conv output there. */
  private final int[][] outside;
  private final boolean anyOutside;
  private final float[] partial;
  /** One filter's window maxima before the activation. */
  private final float[] pooled;
  /**
   * The activated pooled output of an all-zero image, channel-major, when the lists hold the
   * differences from it ({@link #background}); else null.
   */
  private float[] background;
  /** All filters' window maxima, channel-major, for {@link #forward(float[], int, InputList, int[])}. */
  private float[] all = new float[0];

  /**
   * The fused layers for {@code kernel} ({@code [kh][kw][c][filters]}, read now: later changes
   * are not seen) and {@code bias} ({@code filters} values or null); geometry as
   * {@link dev.topiary.runtime.kernels.ConvPool}'s.
   */
  public ConvPoolList(ConvGeometry conv, PoolGeometry pool, float[] kernel, float[] bias,
      boolean relu) {
    final int h = conv.h;
    final int w = conv.w;
    final int c = conv.c;
    final int kh = conv.kh;
    final int kw = conv.kw;
    final int sh = conv.sh;
    final int sw = conv.sw;
    final int padTop = conv.padTop;
    final int padLeft = conv.padLeft;
    final int filters = conv.filters;
    final int ph = pool.ph;
    final int pw = pool.pw;
    final int psh = pool.sh;
    final int psw = pool.sw;
    final int poolPadTop = pool.padTop;
    final int poolPadLeft = pool.padLeft;
    final int poh = pool.oh;
    final int pow = pool.ow;
    this.h = h;
    this.w = w;
    this.c = c;
    this.filters = filters;
    int spanH = (ph - 1) * sh + kh;
    this.spanW = (pw - 1) * sw + kw;
    this.rowStep = psh * sh;
    this.colStep = psw * sw;
    this.iy0 = -poolPadTop * sh - padTop;
    this.ix0 = -poolPadLeft * sw - padLeft;
    this.poh = poh;
    this.pow = pow;
    this.positions = poh * pow;
    this.windows = ph * pw;
    this.relu = relu;
    this.bias = bias == null ? new float[filters] : bias.clone();
    this.inputs = new float[spanH * spanW * c + 1][positions];
    this.partial = new float[positions];
    this.pooled = new float[positions];
    this.weights = new float[filters][];
    this.sources = new float[filters][][][];
    int taps = kh * kw * c;
    for (int f = 0; f < filters; f++) {
      int count = 0;
      for (int t = 0; t < taps; t++) {
        count += kernel[t * filters + f] != 0f ? 1 : 0;
      }
      weights[f] = new float[count];
      sources[f] = new float[windows][count][];
      for (int t = 0, k = 0; t < taps; t++) {
        float v = kernel[t * filters + f];
        if (v == 0f) {
          continue;
        }
        weights[f][k] = v;
        int ch = t % c;
        int kx = (t / c) % kw;
        int ky = t / (c * kw);
        for (int wy = 0; wy < ph; wy++) {
          for (int wx = 0; wx < pw; wx++) {
            sources[f][wy * pw + wx][k] = inputs[((wy * sh + ky) * spanW + wx * sw + kx) * c + ch];
          }
        }
        k++;
      }
    }
    this.outside = pool.positionsOutside();
    boolean any = false;
    for (int[] o : outside) {
      any |= o.length > 0;
    }
    this.anyOutside = any;
  }

  /** Filters (output channels). */
  public int filters() {
    return filters;
  }

  /**
   * From now on the lists hold each pooled value's difference from {@code nhwc} (the pooled
   * output of an all-zero image, {@code poh x pow x filters}), listed where it is not zero: a
   * filter with a positive bias outputs ReLU(bias) wherever its window sees only zeros (the
   * background of an image), and those values are then not listed. The Dense layer reading the
   * list adds the background's own product to its bias. Null: the values themselves again.
   */
  public void background(float[] nhwc) {
    if (nhwc == null) {
      background = null;
      return;
    }
    background = new float[filters * positions];
    for (int f = 0; f < filters; f++) {
      for (int q = 0; q < positions; q++) {
        background[f * positions + q] = nhwc[q * filters + f];
      }
    }
  }

  /** Values in one image's pooled output: {@code poh * pow * filters}. */
  public int outputSize() {
    return positions * filters;
  }

  /**
   * Runs one image {@code x[xOff..)} ({@code h x w x c} NHWC) and lists the non-zero values of
   * its pooled output ({@code poh x pow x filters} NHWC) in {@code out}, filter by filter.
   */
  public void forward(float[] x, int xOff, InputList out) {
    gather(x, xOff);
    int count = 0;
    for (int f = 0; f < filters; f++) {
      pool(f);
      count = list(f, out.index, out.values, count);
    }
    out.count = count;
  }

  /**
   * {@link #forward(float[], int, InputList)}, listing the pooled values in the order {@code
   * order} gives ({@code order[t]} is the channel-major index {@code f * positions + q} listed as
   * {@code t}), e.g. the rows of a sparse kernel by length ({@link #rowsByLength}).
   */
  public void forward(float[] x, int xOff, InputList out, int[] order) {
    gather(x, xOff);
    if (all.length != filters * positions) {
      all = new float[filters * positions];
    }
    for (int f = 0; f < filters; f++) {
      pool(f);
      System.arraycopy(pooled, 0, all, f * positions, positions);
    }
    int[] index = out.index;
    float[] values = out.values;
    float[] p = all;
    int count = 0;
    float[] bg = background;
    for (int t = 0; t < order.length; t++) {
      float v = p[order[t]];
      v = relu ? Math.max(v, 0f) : v;
      v = bg == null ? v : v - bg[order[t]];
      index[count] = t;
      values[count] = v;
      count += v != 0f ? 1 : 0;
    }
    out.count = count;
  }

  /**
   * The channel-major indices ({@code f * positions + q}) ordered by the number of non-zero
   * weights in the Dense kernel row each feeds (shortest first, ties in index order): the order
   * in which {@link InputList#mulAddBias(CsrMatrix, float[], float[], int, int)} then visits
   * rows of similar lengths one after the other, so that its inner loop's trip count is
   * predicted (the reason {@link SortedCsrMatrix} sorts).
   */
  public int[] rowsByLength(float[] kernel, int units) {
    int n = filters * positions;
    Integer[] order = new Integer[n];
    final int[] length = new int[n];
    for (int f = 0; f < filters; f++) {
      for (int q = 0; q < positions; q++) {
        int from = (q * filters + f) * units;
        int c = 0;
        for (int j = 0; j < units; j++) {
          c += kernel[from + j] != 0f ? 1 : 0;
        }
        length[f * positions + q] = c;
        order[f * positions + q] = f * positions + q;
      }
    }
    java.util.Arrays.sort(order, (a, b) -> length[a] != length[b]
        ? Integer.compare(length[a], length[b]) : Integer.compare(a, b));
    int[] result = new int[n];
    for (int t = 0; t < n; t++) {
      result[t] = order[t];
    }
    return result;
  }

  /**
   * The Dense kernel ({@code [in][units]}, {@code in = positions * filters} in NHWC order) in
   * sparse form with its rows in the order {@code order} (as {@link #rowsByLength} gives).
   */
  public CsrMatrix sparseRows(float[] kernel, int units, int[] order) {
    float[] permuted = new float[kernel.length];
    for (int t = 0; t < order.length; t++) {
      int f = order[t] / positions;
      int q = order[t] % positions;
      System.arraycopy(kernel, (q * filters + f) * units, permuted, t * units, units);
    }
    return CsrMatrix.fromDense(permuted, order.length, units);
  }

  /** {@link #forward} writing the pooled output densely into {@code y[yOff..)} instead. */
  public void forward(float[] x, int xOff, float[] y, int yOff) {
    gather(x, xOff);
    for (int f = 0; f < filters; f++) {
      pool(f);
      float[] p = pooled;
      if (relu) {
        for (int q = 0; q < positions; q++) {
          y[yOff + q * filters + f] = Math.max(p[q], 0f);
        }
      } else {
        for (int q = 0; q < positions; q++) {
          y[yOff + q * filters + f] = p[q];
        }
      }
    }
  }

  /** Bytes of the weights and buffers this instance holds (arrays only). */
  public long bytes() {
    long n = (long) inputs.length * positions + 2L * positions + bias.length;
    for (float[] wf : weights) {
      n += 2L * wf.length * (windows + 1);
    }
    return 4 * n;
  }

  /** {@link #pooled} = filter {@code f}'s window maxima (before the activation). */
  private void pool(int f) {
    float[] wf = weights[f];
    float[][][] src = sources[f];
    float b = bias[f];
    int n = positions;
    if (!anyOutside) {
      for (int win = 0; win < windows; win++) {
        window(b, wf, src[win], pooled, win == 0);
      }
      return;
    }
    for (int win = 0; win < windows; win++) { // windows in the pool's padding: -infinity there
      window(b, wf, src[win], partial, true);
      for (int q : outside[win]) {
        partial[q] = Float.NEGATIVE_INFINITY;
      }
      if (win == 0) {
        System.arraycopy(partial, 0, pooled, 0, n);
      } else {
        for (int q = 0; q < n; q++) {
          pooled[q] = Math.max(pooled[q], partial[q]);
        }
      }
    }
  }

  /*
   * Modes of a pass over the positions: the first of several (partial sum = bias + taps), a
   * middle one (partial sum += taps), or the last one, which assigns or takes the maximum with
   * the target: from the bias (the only pass) or from the partial sum. One window offset per
   * loop: C2 (JDK 17) vectorises these, but not one loop taking the maximum of four window
   * offsets' sums (measured 6x slower).
   */
  private static final int FIRST = 0;
  private static final int ADD = 1;
  private static final int ONLY_SET = 2;
  private static final int ONLY_MAX = 3;
  private static final int LAST_SET = 4;
  private static final int LAST_MAX = 5;

  /**
   * {@code target = b + sum_k wf[k] * src[k]} if {@code assign}, else the maximum of that and
   * {@code target}; the taps three at a time, the partial sums in {@link #partial}.
   */
  private void window(float b, float[] wf, float[][] src, float[] target, boolean assign) {
    int n = positions;
    int count = wf.length;
    if (count == 0) {
      if (assign) {
        java.util.Arrays.fill(target, 0, n, b);
      } else {
        for (int q = 0; q < n; q++) {
          target[q] = Math.max(target[q], b);
        }
      }
      return;
    }
    float[] s = partial;
    for (int k = 0; k < count; k += 3) {
      int left = count - k;
      int mode = left <= 3 ? (k == 0 ? (assign ? ONLY_SET : ONLY_MAX) : (assign ? LAST_SET
          : LAST_MAX)) : k == 0 ? FIRST : ADD;
      if (left >= 3) {
        pass3(mode, b, wf[k], src[k], wf[k + 1], src[k + 1], wf[k + 2], src[k + 2], s, target, n);
      } else if (left == 2) {
        pass2(mode, b, wf[k], src[k], wf[k + 1], src[k + 1], s, target, n);
      } else {
        pass1(mode, b, wf[k], src[k], s, target, n);
      }
    }
  }

  private static void pass3(int mode, float b, float w0, float[] x0, float w1, float[] x1,
      float w2, float[] x2, float[] s, float[] t, int n) {
    switch (mode) {
      case FIRST:
        for (int q = 0; q < n; q++) {
          s[q] = b + (w0 * x0[q] + w1 * x1[q] + w2 * x2[q]);
        }
        break;
      case ADD:
        for (int q = 0; q < n; q++) {
          s[q] += w0 * x0[q] + w1 * x1[q] + w2 * x2[q];
        }
        break;
      case ONLY_SET:
        for (int q = 0; q < n; q++) {
          t[q] = b + (w0 * x0[q] + w1 * x1[q] + w2 * x2[q]);
        }
        break;
      case ONLY_MAX:
        for (int q = 0; q < n; q++) {
          t[q] = Math.max(t[q], b + (w0 * x0[q] + w1 * x1[q] + w2 * x2[q]));
        }
        break;
      case LAST_SET:
        for (int q = 0; q < n; q++) {
          t[q] = s[q] + (w0 * x0[q] + w1 * x1[q] + w2 * x2[q]);
        }
        break;
      default:
        for (int q = 0; q < n; q++) {
          t[q] = Math.max(t[q], s[q] + (w0 * x0[q] + w1 * x1[q] + w2 * x2[q]));
        }
    }
  }

  private static void pass2(int mode, float b, float w0, float[] x0, float w1, float[] x1,
      float[] s, float[] t, int n) {
    switch (mode) {
      case ONLY_SET:
        for (int q = 0; q < n; q++) {
          t[q] = b + (w0 * x0[q] + w1 * x1[q]);
        }
        break;
      case ONLY_MAX:
        for (int q = 0; q < n; q++) {
          t[q] = Math.max(t[q], b + (w0 * x0[q] + w1 * x1[q]));
        }
        break;
      case LAST_SET:
        for (int q = 0; q < n; q++) {
          t[q] = s[q] + (w0 * x0[q] + w1 * x1[q]);
        }
        break;
      default: // LAST_MAX (a pass of two taps is always the last)
        for (int q = 0; q < n; q++) {
          t[q] = Math.max(t[q], s[q] + (w0 * x0[q] + w1 * x1[q]));
        }
    }
  }

  private static void pass1(int mode, float b, float w0, float[] x0, float[] s, float[] t,
      int n) {
    switch (mode) {
      case ONLY_SET:
        for (int q = 0; q < n; q++) {
          t[q] = b + w0 * x0[q];
        }
        break;
      case ONLY_MAX:
        for (int q = 0; q < n; q++) {
          t[q] = Math.max(t[q], b + w0 * x0[q]);
        }
        break;
      case LAST_SET:
        for (int q = 0; q < n; q++) {
          t[q] = s[q] + w0 * x0[q];
        }
        break;
      default: // LAST_MAX
        for (int q = 0; q < n; q++) {
          t[q] = Math.max(t[q], s[q] + w0 * x0[q]);
        }
    }
  }

  /**
   * Lists filter {@code f}'s non-zero activated pooled values after the first {@code count},
   * under their channel-major index {@code f * positions + q}; returns the new count.
   */
  private int list(int f, int[] index, float[] values, int count) {
    float[] p = pooled;
    int base = f * positions;
    if (background != null) {
      float[] bg = background;
      for (int q = 0; q < positions; q++) {
        float v = (relu ? Math.max(p[q], 0f) : p[q]) - bg[base + q];
        index[count] = base + q;
        values[count] = v;
        count += v != 0f ? 1 : 0;
      }
    } else if (relu) {
      for (int q = 0; q < positions; q++) {
        float v = Math.max(p[q], 0f);
        index[count] = base + q;
        values[count] = v;
        count += v > 0f ? 1 : 0;
      }
    } else {
      for (int q = 0; q < positions; q++) {
        float v = p[q];
        index[count] = base + q;
        values[count] = v;
        count += v != 0f ? 1 : 0;
      }
    }
    return count;
  }

  /**
   * The kernel {@code [in][units]} of the Dense layer after this op's Flatten as one array per
   * input row, in the order of this op's list indices (channel-major: row {@code f * positions +
   * q} is the kernel's row {@code q * filters + f}), allocated in that order, so that a listed
   * image reads them forwards in memory.
   */
  public float[][] listRows(float[] kernel, int units) {
    float[][] rows = new float[filters * positions][];
    for (int f = 0; f < filters; f++) {
      for (int q = 0; q < positions; q++) {
        int from = (q * filters + f) * units;
        rows[f * positions + q] = java.util.Arrays.copyOfRange(kernel, from, from + units);
      }
    }
    return rows;
  }

  /**
   * {@code inputs[(dy*spanW + dx)*c + ch][py*pow + px] = X[iy][ix][ch]} with
   * {@code iy = py*rowStep + iy0 + dy} (and {@code ix} alike), zero outside the image.
   */
  private void gather(float[] x, int xOff) {
    int spanH = (inputs.length - 1) / (spanW * c);
    for (int dy = 0; dy < spanH; dy++) {
      for (int dx = 0; dx < spanW; dx++) {
        int ixStart = ix0 + dx;
        int pxLo = Math.min(pow, Math.max(0, (-ixStart + colStep - 1) / colStep));
        int pxHi = Math.max(pxLo, Math.min(pow, Math.floorDiv(w - 1 - ixStart, colStep) + 1));
        int step = colStep * c;
        for (int ch = 0; ch < c; ch++) {
          float[] row = inputs[(dy * spanW + dx) * c + ch];
          for (int py = 0; py < poh; py++) {
            int iy = py * rowStep + iy0 + dy;
            int to = py * pow;
            if (iy < 0 || iy >= h) {
              java.util.Arrays.fill(row, to, to + pow, 0f);
              continue;
            }
            for (int px = 0; px < pxLo; px++) {
              row[to + px] = 0f;
            }
            int from = xOff + (iy * w + ixStart) * c + ch;
            for (int px = pxLo; px < pxHi; px++) {
              row[to + px] = x[from + px * step];
            }
            for (int px = pxHi; px < pow; px++) {
              row[to + px] = 0f;
            }
          }
        }
      }
    }
  }
}
