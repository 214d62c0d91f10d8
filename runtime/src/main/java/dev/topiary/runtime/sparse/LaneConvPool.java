package dev.topiary.runtime.sparse;

import dev.topiary.runtime.kernels.ConvGeometry;
import dev.topiary.runtime.kernels.LaneKernels;
import dev.topiary.runtime.kernels.PoolGeometry;

/**
 * A pruned Conv2D (ReLU or linear) and the MaxPooling2D after it, over a tile of up to
 * {@link #LANES} images at once, with the images as the innermost index ("lanes"): the output
 * value of pooled position {@code q}, filter {@code f} and image {@code t} is stored at
 * {@code ((q * filters + f) * LANES + t)}, the layout {@link LaneDense} reads. Each kept kernel
 * weight is one multiply-add over {@code LANES} consecutive floats per conv output, so a pruned
 * kernel costs in proportion to its non-zero weights, and the Dense layer after the Flatten
 * multiplies each of its kept weights into all the tile's images at once.
 *
 * <p>The tile is first transposed into a zero-padded image of lanes ({@code tile[pixel * LANES
 * + t]}, the conv's padding written as zeros, so no read needs a bounds check). Then, filter by
 * filter and window offset by window offset, each kept tap is one pass over the pooled positions
 * ({@link LaneKernels#tapFirst}, {@link LaneKernels#tapAdd}), and the window offsets' sums are reduced by their maximum, with the
 * bias and the activation, into the output ({@link LaneKernels#maxStore}). Geometries whose pool
 * windows reach outside the conv output (the pool's SAME padding) are not accepted
 * ({@link #accepts}). Results equal the unfused layers' up to float reassociation of each sum. Not
 * thread-safe; allocates nothing per call.
 */
public final class LaneConvPool {
  /** Images per tile. */
  public static final int LANES = LaneKernels.LANES;

  private final int h;
  private final int w;
  private final int c;
  private final int padTop;
  private final int padLeft;
  private final int paddedW;
  private final int filters;
  private final int positions;
  private final boolean relu;
  private final float[] bias;
  /** The tile, transposed and padded: {@code tile[((iy + padTop) * paddedW + ix + padLeft) * c + ch) * LANES + t]}. */
  private final float[] tile;
  /** Per window offset and pooled position, the tile offset of the window's first input. */
  private final int[][] base;
  /** Per filter, its kept weights and the tile offsets of their inputs from a window's first. */
  private final float[][] weights;
  private final int[][] offsets;
  /** Per window offset, the sums over the pooled positions' lanes. */
  private final float[][] sums;

  /** Whether the pool's windows all lie inside the conv output (no SAME-padded pool). */
  public static boolean accepts(PoolGeometry pool) {
    for (int[] o : pool.positionsOutside()) {
      if (o.length > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The fused layers for {@code kernel} ({@code [kh][kw][c][filters]}, read now) and
   * {@code bias} ({@code filters} values or null); the pool must be {@link #accepts accepted}.
   */
  public LaneConvPool(ConvGeometry conv, PoolGeometry pool, float[] kernel, float[] bias,
      boolean relu) {
    if (!accepts(pool)) {
      throw new IllegalArgumentException("expected pool windows inside the conv output, found"
          + " a padded pool of " + pool.oh + "x" + pool.ow);
    }
    h = conv.h;
    w = conv.w;
    c = conv.c;
    padTop = conv.padTop;
    padLeft = conv.padLeft;
    int paddedH = Math.max(h + padTop, (conv.oh - 1) * conv.sh + conv.kh);
    paddedW = Math.max(w + padLeft, (conv.ow - 1) * conv.sw + conv.kw);
    filters = conv.filters;
    positions = pool.oh * pool.ow;
    this.relu = relu;
    this.bias = bias == null ? new float[filters] : bias.clone();
    tile = new float[paddedH * paddedW * c * LANES];
    int windows = pool.ph * pool.pw;
    base = new int[windows][positions];
    for (int wy = 0; wy < pool.ph; wy++) {
      for (int wx = 0; wx < pool.pw; wx++) {
        for (int py = 0; py < pool.oh; py++) {
          for (int px = 0; px < pool.ow; px++) {
            int oy = (py * pool.sh + wy) * conv.sh; // the padded input row of the window's tap (0, 0)
            int ox = (px * pool.sw + wx) * conv.sw;
            base[wy * pool.pw + wx][py * pool.ow + px] = (oy * paddedW + ox) * c * LANES;
          }
        }
      }
    }
    sums = new float[windows][positions * LANES];
    weights = new float[filters][];
    offsets = new int[filters][];
    int taps = conv.kh * conv.kw * c;
    for (int f = 0; f < filters; f++) {
      int count = 0;
      for (int t = 0; t < taps; t++) {
        count += kernel[t * filters + f] != 0f ? 1 : 0;
      }
      weights[f] = new float[count];
      offsets[f] = new int[count];
      for (int t = 0, k = 0; t < taps; t++) {
        float v = kernel[t * filters + f];
        if (v != 0f) {
          int ch = t % c;
          int kx = (t / c) % conv.kw;
          int ky = t / (c * conv.kw);
          weights[f][k] = v;
          offsets[f][k++] = ((ky * paddedW + kx) * c + ch) * LANES;
        }
      }
    }
  }

  /** Values in one image's pooled output: {@code poh * pow * filters}. */
  public int outputSize() {
    return positions * filters;
  }

  /**
   * Runs {@code images <= LANES} images from {@code x[xOff..)} ({@code h x w x c} NHWC each) and
   * writes their pooled, activated outputs to {@code out} ({@code outputSize() * LANES} values,
   * lane layout; the lanes from {@code images} on hold the values of zero images).
   */
  public void forward(float[] x, int xOff, int images, float[] out) {
    if (images < 1 || images > LANES) {
      throw new IllegalArgumentException("expected 1 to " + LANES + " images, found " + images);
    }
    transpose(x, xOff, images);
    for (int f = 0; f < filters; f++) {
      float[] wf = weights[f];
      int[] of = offsets[f];
      if (LaneKernels.filter2x2(tile, base, of, wf, bias[f], relu, out, f * LANES,
          filters * LANES)) {
        continue;
      }
      for (int win = 0; win < sums.length; win++) {
        float[] s = sums[win];
        if (wf.length == 0) {
          java.util.Arrays.fill(s, 0f);
          continue;
        }
        LaneKernels.tapFirst(tile, base[win], of[0], wf[0], s);
        for (int k = 1; k < wf.length; k++) {
          LaneKernels.tapAdd(tile, base[win], of[k], wf[k], s);
        }
      }
      LaneKernels.maxStore(sums, bias[f], relu, out, f * LANES, filters * LANES);
    }
  }

  /** Bytes of the weights and buffers this instance holds (arrays only). */
  public long bytes() {
    long n = tile.length + (long) sums.length * (positions * LANES + positions) + bias.length;
    for (float[] wf : weights) {
      n += 2L * wf.length;
    }
    return 4 * n;
  }

  /** The tile's images into {@link #tile}, lanes innermost; zeros for lanes without an image. */
  private void transpose(float[] x, int xOff, int images) {
    int image = h * w * c;
    int rowValues = w * c;
    float[] t = tile;
    for (int i = 0; i < LANES; i++) {
      int from = xOff + i * image;
      for (int iy = 0; iy < h; iy++) {
        int to = (((iy + padTop) * paddedW + padLeft) * c) * LANES + i;
        if (i < images) {
          for (int v = 0; v < rowValues; v++) {
            t[to + v * LANES] = x[from + iy * rowValues + v];
          }
        } else {
          for (int v = 0; v < rowValues; v++) {
            t[to + v * LANES] = 0f;
          }
        }
      }
    }
  }
}
