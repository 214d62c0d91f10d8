package dev.topiary.runtime.kernels;

/**
 * The inference forward pass of a Conv2D layer followed by a MaxPooling2D, fused: only the
 * pooled output is written, no im2col patches, no conv activations, no argmax. Max pooling
 * commutes with a non-decreasing activation ({@code max(relu(a), relu(b)) = relu(max(a, b))}),
 * so each window's maximum is taken over pre-activations and the activation applied once per
 * pooled value.
 *
 * <p>Why not position by position (each output position a vector of {@code filters}): with 32
 * filters that loop is 32 floats long, and C2 (JDK 17) runs a loop that short mostly in its
 * scalar pre- and post-loops. So the work is laid out with long loops instead, channels first:
 * for every filter and pool window offset {@code (wy, wx)}, the conv outputs at that offset of
 * all pooled positions of a tile of images form one vector ({@code images * poolOutH *
 * poolOutW} values), and each kernel tap adds its weight times a gathered, shifted and strided
 * copy of the input to it, four taps a pass, the last pass taking the maximum over the windows
 * as it goes. Every array of such a loop is indexed by the loop variable alone, the form C2
 * vectorises (a flat array read at two offsets stays scalar, 5x slower). Zero weights are
 * skipped, so a pruned kernel costs in proportion to its non-zeros. The pooled values are
 * transposed into NHWC last.
 *
 * <p>An instance holds its geometry and work buffers (allocated once, sized for {@code TILE}
 * images' worth of positions); it is not thread-safe. Results equal the unfused layers' up to
 * float reassociation of each sum.
 */
public final class ConvPool {
  /**
   * Floats of gathered input per tile of images (64 KB): long loops, which C2 vectorises well,
   * over buffers that stay in L2.
   */
  static final int TILE_FLOATS = 1 << 14;

  final int h;
  final int w;
  final int c;
  final int kh;
  final int kw;
  final int sh;
  final int sw;
  final int padTop;
  final int padLeft;
  final int oh;
  final int ow;
  final int filters;
  final int ph;
  final int pw;
  final int psh;
  final int psw;
  final int poolPadTop;
  final int poolPadLeft;
  final int poh;
  final int pow;
  /** Input offsets a tap can have relative to a pool window's first input: {@code (ph-1)*sh + kh}. */
  private final int spanH;
  private final int spanW;
  /** Images per tile and pooled positions per image. */
  private final int tileImages;
  private final int positions;
  /**
   * {@code inputs[(dy*spanW + dx)*c + ch][n*positions + q]}: the input a tap at offset
   * {@code (dy, dx)} from pooled position {@code q}'s first input reads, in channel {@code ch},
   * one row per distinct offset; the last row is zeros (what padded tap lists read).
   */
  private final float[][] inputs;
  /** Each filter's window maximum over the tile, {@code filters x (images * positions)}. */
  private final float[][] pooled;
  private final float[] partial;
  /** Per window offset, the pooled positions whose window misses the conv output there. */
  private final int[][] outside;
  /** One filter's non-zero weights and their taps, padded with zeros to a multiple of four. */
  private final int[] tapRows;
  private final float[] tapWeights;
  private final float[][] tapInputs = new float[4][];

  /** A fused Conv2D and the MaxPooling2D after it, of these geometries (Keras NHWC). */
  public ConvPool(ConvGeometry conv, PoolGeometry pool) {
    Geometries.chained(conv, pool);
    this.h = conv.h;
    this.w = conv.w;
    this.c = conv.c;
    this.kh = conv.kh;
    this.kw = conv.kw;
    this.sh = conv.sh;
    this.sw = conv.sw;
    this.padTop = conv.padTop;
    this.padLeft = conv.padLeft;
    this.oh = conv.oh;
    this.ow = conv.ow;
    this.filters = conv.filters;
    this.ph = pool.ph;
    this.pw = pool.pw;
    this.psh = pool.sh;
    this.psw = pool.sw;
    this.poolPadTop = pool.padTop;
    this.poolPadLeft = pool.padLeft;
    this.poh = pool.oh;
    this.pow = pool.ow;
    this.spanH = (ph - 1) * sh + kh;
    this.spanW = (pw - 1) * sw + kw;
    this.positions = poh * pow;
    int rows = spanH * spanW * c + 1;
    this.tileImages = Math.max(1, TILE_FLOATS / (rows * positions));
    int length = tileImages * positions;
    this.inputs = new float[rows][length];
    this.pooled = new float[filters][length];
    this.partial = new float[length];
    this.outside = pool.positionsOutside();
    this.tapRows = new int[kh * kw * c + 3];
    this.tapWeights = new float[kh * kw * c + 3];
  }

  /**
   * {@code Y[n][py][px][f] = act(max over the pool window of (bias[f] + sum_{ky,kx,ch}
   * X[n][oy*sh + ky - padTop][ox*sw + kx - padLeft][ch] K[ky][kx][ch][f]))}, the window's conv
   * positions {@code (oy, ox) = (py*psh - poolPadTop + wy, px*psw - poolPadLeft + wx)} inside the
   * conv output, inputs outside the image reading as zero; {@code act} is ReLU or the identity.
   *
   * @param x {@code batch x h x w x c} NHWC from {@code xOff}; read
   * @param kernel {@code [kh][kw][c][filters]}; read
   * @param bias {@code filters} values, or {@code null} for none; read
   * @param relu whether {@code act} is ReLU (else the identity)
   * @param y {@code batch x poh x pow x filters} NHWC, from index 0; written
   */
  public void forward(float[] x, int xOff, float[] kernel, float[] bias, boolean relu, float[] y,
      int batch) {
    if (!Kernels.DENSE.convPool(this, x, xOff, kernel, bias, relu, y, batch)) {
      forwardPlain(x, xOff, kernel, bias, relu, y, batch);
    }
  }

  /** Entries a list needs past its last one: the vector listing stores sixteen at a time. */
  public static final int LIST_SLACK = 16;

  /**
   * One image, on the Vector API kernels, listed for the Dense layer after the Flatten:
   * {@code delta[i]} = pooled NHWC value {@code i} minus its filter's activated bias (the pooled
   * output of an all-zero image), {@code index[0..count)} the {@code i} where that is not zero
   * (or NaN); returns {@code count}, or -1, computing nothing, where these kernels have no
   * listed pass (the plain kernels, pooling other than 2x2; see {@link #vectorListed}), in
   * increasing order. Positions whose windows read only zeros are neither written nor listed.
   * {@code index} and {@code delta} need {@link #LIST_SLACK} entries of slack (a filter count
   * that does not fill whole vectors writes padding lanes past the last position).
   */
  public int forwardListed(float[] x, int xOff, float[] kernel, float[] bias, boolean relu,
      float[] delta, int[] index) {
    return Kernels.DENSE.convPoolListed(this, x, xOff, kernel, bias, relu, delta, index);
  }

  /**
   * Whether {@link #forwardListed} runs (not -1) for this geometry on this JVM's kernels: the
   * Vector API kernels with sixteen lanes and 2x2 pooling, any filter count.
   */
  public boolean vectorListed() {
    return Kernels.DENSE.convPoolListable(this);
  }

  /**
   * Whether {@link #forward} runs on the Vector API kernels for this geometry (this JVM has them,
   * and the filters fill whole vectors or the pooling is 2x2): then it beats the one-image list
   * path at batch 1 too.
   */
  public boolean vectorized() {
    return Kernels.DENSE.convPoolVectorized(this);
  }

  /** {@link #forward} by the plain-Java loops below, whichever kernels this JVM runs. */
  void forwardPlain(float[] x, int xOff, float[] kernel, float[] bias, boolean relu, float[] y,
      int batch) {
    for (int n0 = 0; n0 < batch; n0 += tileImages) {
      int images = Math.min(tileImages, batch - n0);
      int length = images * positions;
      gather(x, xOff + n0 * h * w * c, images);
      for (int f = 0; f < filters; f++) {
        int count = nonZeroTaps(kernel, f);
        float b = bias == null ? 0f : bias[f];
        for (int wy = 0; wy < ph; wy++) {
          for (int wx = 0; wx < pw; wx++) {
            boolean first = wy == 0 && wx == 0;
            int[] missing = outside[wy * pw + wx];
            if (missing.length == 0) {
              window(wy, wx, count, b, pooled[f], first, length);
            } else { // a window in the pool's padding: -infinity there, which never wins
              window(wy, wx, count, b, partial, true, length);
              for (int n = 0; n < images; n++) {
                for (int q : missing) {
                  partial[n * positions + q] = Float.NEGATIVE_INFINITY;
                }
              }
              maxInto(pooled[f], partial, first, length);
            }
          }
        }
      }
      writeNhwc(y, n0 * positions * filters, length, relu);
    }
  }

  /**
   * Lists filter {@code f}'s non-zero weights and their tap rows ({@code (ky*kw + kx)*c + ch}),
   * padded with zero weights to a multiple of four; returns the padded count.
   */
  /** Bytes of the work buffers this instance holds (arrays only). */
  public long bytes() {
    long n = 0;
    for (float[] row : inputs) {
      n += row.length;
    }
    for (float[] row : pooled) {
      n += row.length;
    }
    return 4 * (n + partial.length + tapRows.length + tapWeights.length);
  }

  private int nonZeroTaps(float[] kernel, int f) {
    int count = 0;
    for (int t = 0; t < kh * kw * c; t++) {
      float v = kernel[t * filters + f];
      if (v != 0f) {
        tapRows[count] = t;
        tapWeights[count] = v;
        count++;
      }
    }
    while ((count & 3) != 0) {
      tapRows[count] = -1;
      tapWeights[count] = 0f;
      count++;
    }
    return count;
  }

  /** The gathered input tap {@code t} reads at window offset {@code (wy, wx)}. */
  private float[] tapInput(int t, int wy, int wx) {
    if (t < 0) {
      return inputs[inputs.length - 1];
    }
    int ch = t % c;
    int kx = (t / c) % kw;
    int ky = t / (c * kw);
    return inputs[((wy * sh + ky) * spanW + wx * sw + kx) * c + ch];
  }

  /**
   * The conv outputs at window offset {@code (wy, wx)}: {@code target = s} when {@code assign},
   * else {@code target = max(target, s)}, where {@code s = b + sum of the listed taps' weight *
   * input}, summed four taps a pass in {@link #partial}, the last pass writing {@code target}.
   */
  private void window(int wy, int wx, int count, float b, float[] target, boolean assign, int length) {
    if (count == 0) {
      if (assign) {
        java.util.Arrays.fill(target, 0, length, b);
      } else {
        for (int i = 0; i < length; i++) {
          target[i] = Math.max(target[i], b);
        }
      }
      return;
    }
    float[] s = partial;
    for (int t = 0; t < count; t += 4) {
      float w0 = tapWeights[t];
      float w1 = tapWeights[t + 1];
      float w2 = tapWeights[t + 2];
      float w3 = tapWeights[t + 3];
      float[] x0 = tapInput(tapRows[t], wy, wx);
      float[] x1 = tapInput(tapRows[t + 1], wy, wx);
      float[] x2 = tapInput(tapRows[t + 2], wy, wx);
      float[] x3 = tapInput(tapRows[t + 3], wy, wx);
      boolean last = t + 4 == count;
      if (t == 0 && !last) {
        for (int i = 0; i < length; i++) {
          s[i] = b + ((w0 * x0[i] + w1 * x1[i]) + (w2 * x2[i] + w3 * x3[i]));
        }
      } else if (!last) {
        for (int i = 0; i < length; i++) {
          s[i] += (w0 * x0[i] + w1 * x1[i]) + (w2 * x2[i] + w3 * x3[i]);
        }
      } else if (t == 0) {
        lastPass(b, w0, x0, w1, x1, w2, x2, w3, x3, target, assign, length);
      } else {
        lastPass(s, w0, x0, w1, x1, w2, x2, w3, x3, target, assign, length);
      }
    }
  }

  private static void lastPass(float b, float w0, float[] x0, float w1, float[] x1, float w2,
      float[] x2, float w3, float[] x3, float[] target, boolean assign, int length) {
    if (assign) {
      for (int i = 0; i < length; i++) {
        target[i] = b + ((w0 * x0[i] + w1 * x1[i]) + (w2 * x2[i] + w3 * x3[i]));
      }
    } else {
      for (int i = 0; i < length; i++) {
        target[i] = Math.max(target[i],
            b + ((w0 * x0[i] + w1 * x1[i]) + (w2 * x2[i] + w3 * x3[i])));
      }
    }
  }

  private static void lastPass(float[] s, float w0, float[] x0, float w1, float[] x1, float w2,
      float[] x2, float w3, float[] x3, float[] target, boolean assign, int length) {
    if (assign) {
      for (int i = 0; i < length; i++) {
        target[i] = s[i] + ((w0 * x0[i] + w1 * x1[i]) + (w2 * x2[i] + w3 * x3[i]));
      }
    } else {
      for (int i = 0; i < length; i++) {
        target[i] = Math.max(target[i],
            s[i] + ((w0 * x0[i] + w1 * x1[i]) + (w2 * x2[i] + w3 * x3[i])));
      }
    }
  }

  private static void maxInto(float[] best, float[] v, boolean assign, int length) {
    if (assign) {
      System.arraycopy(v, 0, best, 0, length);
      return;
    }
    for (int i = 0; i < length; i++) {
      best[i] = Math.max(best[i], v[i]);
    }
  }

  /**
   * {@code inputs[(dy*spanW + dx)*c + ch][n*positions + py*pow + px] = X[n][iy][ix][ch]} with
   * {@code iy = py*psh*sh - poolPadTop*sh - padTop + dy} (and {@code ix} alike), zero outside the
   * image.
   */
  private void gather(float[] x, int xOff, int images) {
    int rowStep = psh * sh;
    int colStep = psw * sw;
    for (int dy = 0; dy < spanH; dy++) {
      for (int dx = 0; dx < spanW; dx++) {
        int iy0 = -poolPadTop * sh - padTop + dy;
        int ix0 = -poolPadLeft * sw - padLeft + dx;
        // Pooled columns whose input column lies inside the image: [pxLo, pxHi).
        int pxLo = Math.min(pow, Math.max(0, (-ix0 + colStep - 1) / colStep));
        int pxHi = Math.max(pxLo, Math.min(pow, Math.floorDiv(w - 1 - ix0, colStep) + 1));
        for (int ch = 0; ch < c; ch++) {
          float[] row = inputs[(dy * spanW + dx) * c + ch];
          for (int n = 0; n < images; n++) {
            int image = xOff + n * h * w * c;
            for (int py = 0; py < poh; py++) {
              int iy = py * rowStep + iy0;
              int to = n * positions + py * pow;
              if (iy < 0 || iy >= h) {
                java.util.Arrays.fill(row, to, to + pow, 0f);
                continue;
              }
              java.util.Arrays.fill(row, to, to + pxLo, 0f);
              int from = image + (iy * w + ix0) * c + ch;
              int step = colStep * c;
              for (int px = pxLo; px < pxHi; px++) {
                row[to + px] = x[from + px * step];
              }
              java.util.Arrays.fill(row, to + pxHi, to + pow, 0f);
            }
          }
        }
      }
    }
  }

  /** {@code y[yOff + i*filters + f] = act(pooled[f][i])}: the transpose into NHWC. */
  private void writeNhwc(float[] y, int yOff, int length, boolean relu) {
    for (int f = 0; f < filters; f++) {
      float[] p = pooled[f];
      if (relu) {
        for (int i = 0; i < length; i++) {
          y[yOff + i * filters + f] = Math.max(p[i], 0f);
        }
      } else {
        for (int i = 0; i < length; i++) {
          y[yOff + i * filters + f] = p[i];
        }
      }
    }
  }
}
